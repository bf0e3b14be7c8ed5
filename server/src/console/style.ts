/**
 * The console's only stylesheet, served at `/console/style.css` (the CSP allows styles from the
 * server only). Light and dark follow the system; sizes are in rem so 200% zoom reflows.
 */
export const CONSOLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1b1f24;
  --muted: #57606a;
  --line: #d0d7de;
  --panel: #f6f8fa;
  --accent: #0550ae;
  --danger: #a40e26;
  --ok: #116329;
  --focus: #0969da;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117;
    --fg: #e6edf3;
    --muted: #9198a1;
    --line: #3d444d;
    --panel: #161b22;
    --accent: #79c0ff;
    --danger: #ff8182;
    --ok: #56d364;
    --focus: #58a6ff;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
}
a { color: var(--accent); }
:focus-visible { outline: 0.2rem solid var(--focus); outline-offset: 0.15rem; }
.skip { position: absolute; left: -100vw; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem; }
header {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1.5rem;
  align-items: center;
  padding: 0.75rem 1rem;
  border-bottom: 1px solid var(--line);
  background: var(--panel);
}
header .brand { font-weight: 700; margin: 0; }
nav ul {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 1rem;
  list-style: none;
  margin: 0;
  padding: 0;
}
nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 0.15rem; }
header form { margin-left: auto; display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
main { max-width: 80rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
fieldset { border: 1px solid var(--line); padding: 0.75rem 1rem 1rem; margin: 0 0 1rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.fields { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: flex-start; }
.field {
  display: flex;
  flex-direction: column;
  gap: 0.25rem;
  min-width: min(100%, 14rem);
  flex: 1 1 14rem;
}
.hint { color: var(--muted); font-size: 0.9rem; }
input, select, button, textarea {
  font: inherit;
  color: inherit;
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 0.3rem;
  padding: 0.4rem 0.5rem;
  max-width: 100%;
}
button {
  background: var(--accent);
  color: var(--bg);
  border-color: var(--accent);
  cursor: pointer;
}
button.danger { background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 1rem 0; }
.scroll { overflow-x: auto; border: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; padding: 0.5rem; font-weight: 600; }
th, td {
  text-align: left;
  padding: 0.35rem 0.5rem;
  border-top: 1px solid var(--line);
  vertical-align: top;
}
th { background: var(--panel); }
td code, .wrap { overflow-wrap: anywhere; }
.notice {
  border: 1px solid var(--line);
  border-left: 0.4rem solid var(--accent);
  padding: 0.5rem 1rem;
  margin: 1rem 0;
}
.notice.error { border-left-color: var(--danger); }
.notice.ok { border-left-color: var(--ok); }
.secret { width: 100%; font-family: ui-monospace, monospace; }
pre {
  background: var(--panel);
  border: 1px solid var(--line);
  padding: 0.75rem;
  overflow-x: auto;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
`;
