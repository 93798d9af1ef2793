/** A self-contained, readable page of the OpenAPI document: no CDN, so it works offline and on weak links. */
export function renderApiDocsPage(document: unknown): string {
  const doc = document as {
    info?: { title?: string; description?: string };
    paths?: Record<string, Record<string, Operation>>;
  };
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = operation.tags?.[0] ?? 'other';
      const sections = byTag.get(tag) ?? [];
      sections.push(renderOperation(method, path, operation));
      byTag.set(tag, sections);
    }
  }
  const toc = [...byTag.keys()].map((tag) => `<a href="#${escape(tag)}">${escape(tag)}</a>`).join(' · ');
  const body = [...byTag.entries()]
    .map(([tag, sections]) => `<section id="${escape(tag)}"><h2>${escape(tag)}</h2>${sections.join('')}</section>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(doc.info?.title ?? 'API')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.4}
details{border:1px solid #ccc;border-radius:6px;margin:.4rem 0;padding:.4rem .8rem}summary{cursor:pointer}
code.m{display:inline-block;min-width:4.5rem;font-weight:bold}pre{background:#f5f5f5;padding:.5rem;overflow:auto;font-size:.85rem}</style>
</head><body><h1>${escape(doc.info?.title ?? 'API')}</h1><p>${escape(doc.info?.description ?? '')}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a> (OpenAPI 3.1). Errors are <code>application/problem+json</code>.</p>
<nav>${toc}</nav>${body}</body></html>`;
}

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const isPublic = !operation.security || operation.security.length === 0;
  const parameters = (operation.parameters ?? [])
    .map(
      (p) =>
        `<li><code>${escape(p.name)}</code> (${escape(p.in)}${p.required ? ', required' : ''}) <code>${escape(JSON.stringify(p.schema ?? {}))}</code></li>`,
    )
    .join('');
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => `<li><b>${escape(status)}</b> ${escape(response.description ?? '')}</li>`)
    .join('');
  return `<details><summary><code class="m">${method.toUpperCase()}</code> <code>${escape(path)}</code> — ${escape(operation.summary ?? '')}${isPublic ? ' (public)' : ''}</summary>
${parameters ? `<h4>Parameters</h4><ul>${parameters}</ul>` : ''}${body ? `<h4>Body</h4><pre>${escape(JSON.stringify(body, null, 2))}</pre>` : ''}
<h4>Responses</h4><ul>${responses}</ul></details>`;
}

function escape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
