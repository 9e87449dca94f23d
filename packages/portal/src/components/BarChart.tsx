export interface Bar {
  label: string;
  value: number;
}

const HEIGHT = 120;
const BAR = 28;
const GAP = 10;

/**
 * A plain SVG bar chart. The figure has a text summary for screen readers, and each bar a <title>
 * tooltip, so the numbers are never only in the picture.
 */
export function BarChart({ bars, title, unit = 'event', tick = (label: string) => label.slice(5) }: { bars: Bar[]; title: string; unit?: string; tick?: (label: string) => string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(bars.length * (BAR + GAP) + GAP, 160);
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-scroll">
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${HEIGHT + 34}`} width={width} height={HEIGHT + 34}>
          <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
          {bars.map((b, i) => {
            const h = Math.max(2, Math.round((b.value / max) * (HEIGHT - 18)));
            const x = GAP + i * (BAR + GAP);
            return (
              <g key={b.label}>
                <title>{`${b.label}: ${b.value} ${unit}${b.value === 1 ? '' : 's'}`}</title>
                <rect x={x} y={HEIGHT - h} width={BAR} height={h} rx={3} className="chart-bar" />
                <text x={x + BAR / 2} y={HEIGHT - h - 4} textAnchor="middle" className="chart-value">
                  {b.value}
                </text>
                <text x={x + BAR / 2} y={HEIGHT + 14} textAnchor="middle" className="chart-label">
                  {tick(b.label)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
