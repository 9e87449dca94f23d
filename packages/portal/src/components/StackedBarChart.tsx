export interface Series {
  key: string;
  label: string;
}

export interface StackedBar {
  label: string;
  values: Partial<Record<string, number>>;
}

const HEIGHT = 120;
const BAR = 28;
const GAP = 10;

/**
 * A bar per label, stacked by series, in plain SVG like BarChart: the figure carries a text summary for
 * screen readers, each segment a <title> tooltip, and the legend names the colours in words.
 */
export function StackedBarChart({ bars, series, title, tick = (label: string) => label.slice(5) }: { bars: StackedBar[]; series: Series[]; title: string; tick?: (label: string) => string }) {
  const total = (b: StackedBar) => series.reduce((n, s) => n + (b.values[s.key] ?? 0), 0);
  const max = Math.max(1, ...bars.map(total));
  const width = Math.max(bars.length * (BAR + GAP) + GAP, 160);
  const used = series.filter((s) => bars.some((b) => (b.values[s.key] ?? 0) > 0));
  const summary = `${title}: ${bars
    .map((b) => `${b.label} ${total(b)} (${used.filter((s) => b.values[s.key]).map((s) => `${s.label} ${b.values[s.key]}`).join(', ')})`)
    .join('; ')}`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-scroll">
        <svg role="img" aria-label={summary} viewBox={`0 0 ${width} ${HEIGHT + 34}`} width={width} height={HEIGHT + 34}>
          <line x1={0} x2={width} y1={HEIGHT} y2={HEIGHT} className="chart-axis" />
          {bars.map((b, i) => {
            const x = GAP + i * (BAR + GAP);
            let top = HEIGHT;
            const sum = total(b);
            return (
              <g key={b.label}>
                {series.map((s) => {
                  const v = b.values[s.key] ?? 0;
                  if (!v) return null;
                  const h = Math.max(2, Math.round((v / max) * (HEIGHT - 18)));
                  top -= h;
                  return (
                    <rect key={s.key} x={x} y={top} width={BAR} height={h} className="chart-seg" data-series={s.key}>
                      <title>{`${b.label}: ${v} ${s.label.toLowerCase()}`}</title>
                    </rect>
                  );
                })}
                <text x={x + BAR / 2} y={top - 4} textAnchor="middle" className="chart-value">
                  {sum}
                </text>
                <text x={x + BAR / 2} y={HEIGHT + 14} textAnchor="middle" className="chart-label">
                  {tick(b.label)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      {used.length > 0 && (
        <ul className="legend chart-legend" aria-label="Legend">
          {used.map((s) => (
            <li key={s.key}>
              <span className="chart-swatch" data-series={s.key} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
