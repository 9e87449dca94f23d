import { operations, type OpenApiDoc, type OperationObject } from './spec.ts';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Json = Record<string, unknown>;

function deref(doc: OpenApiDoc, node: unknown): Json {
  const ref = (node as Json | undefined)?.$ref;
  if (typeof ref !== 'string') return (node ?? {}) as Json;
  const parts = ref.replace(/^#\//, '').split('/');
  let cur: unknown = doc;
  for (const p of parts) cur = (cur as Json)[p];
  return deref(doc, cur);
}

function refName(node: unknown): string | undefined {
  const ref = (node as Json | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function typeLabel(doc: OpenApiDoc, schema: unknown): string {
  const name = refName(schema);
  if (name) return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  const s = schema as Json;
  if (s.enum) return (s.enum as unknown[]).map((v) => `<code>${esc(v)}</code>`).join(' | ');
  if (s.const !== undefined) return `<code>${esc(s.const)}</code>`;
  if (s.type === 'array') return `array of ${typeLabel(doc, s.items)}`;
  if (s.oneOf) return (s.oneOf as unknown[]).map((x) => typeLabel(doc, x)).join(' | ');
  if (s.allOf) return (s.allOf as unknown[]).map((x) => typeLabel(doc, x)).join(' + ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  return esc(s.format ? `${t} (${s.format})` : t);
}

function propertiesTable(doc: OpenApiDoc, schema: unknown): string {
  const s = deref(doc, schema);
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(props)
    .map(([k, v]) => `<tr><td><code>${esc(k)}</code>${required.has(k) ? ' <span class="req">required</span>' : ''}</td><td>${typeLabel(doc, v)}</td><td>${esc(deref(doc, v).description ?? '')}</td></tr>`)
    .join('');
  return rows ? `<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table>` : '';
}

function operationSection(doc: OpenApiDoc, method: string, path: string, op: OperationObject): string {
  const params = (op.parameters ?? []).map((p) => deref(doc, p));
  const paramRows = params
    .map((p) => `<tr><td><code>${esc(p.name)}</code> <small>${esc(p.in)}</small>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${typeLabel(doc, p.schema)}</td><td>${esc(p.description ?? '')}</td></tr>`)
    .join('');
  const body = op.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => {
      const resp = deref(doc, r);
      const content = resp.content as Record<string, { schema?: unknown }> | undefined;
      const schema = content && Object.values(content)[0]?.schema;
      return `<li><code>${esc(status)}</code> ${esc(resp.description ?? '')}${schema ? ` — ${typeLabel(doc, schema)}` : ''}</li>`;
    })
    .join('');
  const auth = op['x-voxanne-auth'] === 'none' ? 'No authentication.' : op['x-voxanne-auth'] === 'session' ? 'Dashboard session.' : `API key scope <code>${esc(op['x-voxanne-scope'] ?? '')}</code> or role <code>${esc(op['x-voxanne-role'] ?? '')}</code>.`;
  return `<section class="op" id="op-${esc(op.operationId)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
  <p><strong>${esc(op.summary)}</strong></p>
  ${op.description ? `<p>${esc(op.description)}</p>` : ''}
  <p class="auth">${op['x-voxanne-auth'] === undefined || op['x-voxanne-auth'] === 'required' ? auth : auth}</p>
  ${paramRows ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>Type</th><th>Notes</th></tr></thead><tbody>${paramRows}</tbody></table>` : ''}
  ${body ? `<h4>Request body</h4>${propertiesTable(doc, body) || typeLabel(doc, body)}` : ''}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`;
}

/**
 * A self-contained reference rendered from the spec on the server: no CDN, no script, so it works
 * offline and under a strict CSP.
 */
export function renderReferencePage(doc: OpenApiDoc): string {
  const ops = operations(doc);
  const tags = doc.tags ?? [];
  const nav = tags
    .map((t) => `<li>${esc(t.name)}<ul>${ops.filter((o) => o.op.tags?.includes(t.name)).map((o) => `<li><a href="#op-${esc(o.op.operationId)}">${esc(o.op.summary)}</a></li>`).join('')}</ul></li>`)
    .join('');
  const sections = tags
    .map((t) => `<h2 id="tag-${esc(t.name)}">${esc(t.name)}</h2><p>${esc(t.description ?? '')}</p>${ops.filter((o) => o.op.tags?.includes(t.name)).map((o) => operationSection(doc, o.method, o.path, o.op)).join('')}`)
    .join('');
  const schemas = Object.keys(doc.components?.schemas ?? {})
    .map((name) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${propertiesTable(doc, doc.components!.schemas![name]) || typeLabel(doc, doc.components!.schemas![name])}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:260px 1fr;color:#1b1f24}
nav{position:sticky;top:0;height:100vh;overflow:auto;background:#f5f7fa;padding:16px;border-right:1px solid #dde2e8;font-size:14px}
nav ul{list-style:none;padding-left:12px;margin:4px 0}main{padding:24px 40px;max-width:980px}
.op{border:1px solid #dde2e8;border-radius:8px;padding:12px 16px;margin:16px 0}
.method{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#1f6feb}.post{background:#1a7f37}.patch{background:#9a6700}.delete{background:#cf222e}.put{background:#8250df}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #eef1f4;text-align:left;padding:4px 8px;vertical-align:top}
.req{color:#cf222e;font-size:11px}code{background:#f0f2f5;padding:0 4px;border-radius:3px}
@media (max-width:800px){body{grid-template-columns:1fr}nav{position:static;height:auto}}
</style></head><body>
<nav aria-label="Endpoints"><strong>${esc(doc.info.title)} ${esc(doc.info.version)}</strong><p><a href="/openapi.json">openapi.json</a></p><ul>${nav}</ul></nav>
<main><h1>${esc(doc.info.title)}</h1><pre style="white-space:pre-wrap">${esc(doc.info.description ?? '')}</pre>${sections}<h2>Schemas</h2>${schemas}</main>
</body></html>`;
}
