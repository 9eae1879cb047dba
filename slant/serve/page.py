"""The page of ``slant serve`` (``GET /``): paste or upload an article, see the view of
``slant predict --format html``, download the JSON. One self-contained document: inline CSS and script, no
external resources; the view is rendered by the server (``/v1/render``), so all article text arrives escaped.
"""

from __future__ import annotations

from html import escape

from slant.predict.render_html import load_css
from slant.serve.config import ServeConfig

PAGE_CSS = """
.form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin: 0 0 24px;
  font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; }
.form textarea { width: 100%; min-height: 180px; font: 15px/1.5 Georgia, serif; padding: 8px; }
.form .row { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 10px 0 0; }
.form input[type=text] { flex: 1 1 220px; padding: 6px; }
.form button { padding: 8px 18px; font-weight: 600; cursor: pointer; }
#status { margin: 10px 0 0; color: var(--muted); min-height: 1.4em; }
#status.error { color: var(--neg); font-weight: 600; }
#download { display: none; }
#download.ready { display: inline; }
"""

SCRIPT = """
const $ = (id) => document.getElementById(id);
function say(text, isError) { const s = $("status"); s.textContent = text; s.className = isError ? "error" : ""; }
async function errorText(resp) {
  try { const body = await resp.json(); return body.message || JSON.stringify(body); }
  catch (e) { return resp.status + " " + resp.statusText; }
}
function names() { return $("targets").value.split(",").map((t) => t.trim()).filter((t) => t); }
async function request() {
  const file = $("file").files[0];
  if (file) {
    const q = new URLSearchParams({ filename: file.name });
    if ($("title").value.trim()) q.append("title", $("title").value.trim());
    names().forEach((t) => q.append("targets", t));
    return fetch("/v1/predict/file?" + q, { method: "POST", body: file,
      headers: { "Content-Type": file.type || "application/octet-stream" } });
  }
  const body = { text: $("text").value, targets: names() };
  if ($("title").value.trim()) body.title = $("title").value.trim();
  return fetch("/v1/predict", { method: "POST", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" } });
}
$("form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const t0 = performance.now();
  $("submit").disabled = true; $("download").className = ""; say("Scoring…", false);
  try {
    const resp = await request();
    if (!resp.ok) { say(await errorText(resp), true); return; }
    const result = await resp.json();
    const view = await fetch("/v1/render", { method: "POST", body: JSON.stringify(result),
      headers: { "Content-Type": "application/json" } });
    if (!view.ok) { say(await errorText(view), true); return; }
    $("view").innerHTML = await view.text();
    const blob = new Blob([JSON.stringify(result, null, 2)], { type: "application/json" });
    const link = $("download");
    if (link.href) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.download = String(result.id || "article").replace(/[^\\w.-]+/g, "_") + ".slant.json";
    link.className = "ready";
    const n = result.summary.n_sentences;
    say(n + " sentence" + (n === 1 ? "" : "s") + " scored in " + Math.round(performance.now() - t0) + " ms", false);
  } catch (e) { say("Request failed: " + e, true); }
  finally { $("submit").disabled = false; }
});
$("file").addEventListener("change", () => {
  const f = $("file").files[0];
  if (f) say("Will score the file " + f.name + " (the text box is ignored; clear the file to use it).", false);
});
$("clear").addEventListener("click", () => { $("file").value = ""; say("", false); });
"""


def page_html(config: ServeConfig) -> str:
    """The whole page; the limits it states come from ``config``."""
    limits = (f"At most {config.max_sentences:,} sentences per article and {config.max_body_bytes / 1e6:.1f} MB per "
              "request.")  # fmt: skip
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Slant</title><style>{load_css()}{PAGE_CSS}</style></head><body><main>
<h1>Slant</h1>
<p class="meta">Stance toward the people and organisations an article names, the frames it uses, and where its
wording is loaded, sentence by sentence. Runs on this machine; nothing is sent elsewhere.</p>
<form id="form" class="form">
<label for="text">Article text (or an HTML page)</label>
<textarea id="text" name="text" placeholder="Paste an article here"></textarea>
<div class="row"><input type="text" id="title" placeholder="Title (optional)">
<input type="text" id="targets" placeholder="Targets, comma-separated (optional)"></div>
<div class="row"><label>or a file (.txt, .html): <input type="file" id="file" accept=".txt,.html,.htm,text/plain,text/html"></label>
<button type="button" id="clear">Clear file</button></div>
<div class="row"><button type="submit" id="submit">Label the article</button>
<a id="download">Download the JSON</a></div>
<p id="status" role="status"></p>
<p class="meta">{escape(limits)} API: <a href="/docs">/docs</a>.</p>
</form>
<div id="view"></div>
</main><script>{SCRIPT}</script></body></html>
"""
