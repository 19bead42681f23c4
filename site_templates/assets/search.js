/* rallypoint's search page (search.html.jinja): Pagefind's index in pagefind/, searched in the
   browser. Results are built as DOM nodes with textContent, never as HTML, so a title or a text
   that looks like markup shows as text. Pagefind's own scripts come from the site itself. */
const form = document.querySelector(".rp-search");
const field = (name) => document.getElementById(`rp-search-${name}`);
const say = JSON.parse(form.dataset.strings);
const root = form.dataset.root;
const base = new URL(root || "./", location.href);
const [status, list, more] = [".rp-search-status", ".rp-search-results", ".rp-search-more"].map((s) => document.querySelector(s));
const FILTERS = ["purpose", "kind", "tag", "person"];
const PAGE = 10;
let engine = null, found = [], shown = 0, asked = 0, timer = 0;

// "3 results" in the page's language: the page gives the sentence for each plural category it has.
function counted(n) {
  let category = "other";
  try { category = new Intl.PluralRules(document.documentElement.lang || undefined).select(n); } catch { /* an unknown tag: "other" */ }
  return (say.found[category] ?? say.found.other).replace("{count}", String(n));
}

function pagefind() {
  engine ??= (async () => {
    const pf = await import(new URL("pagefind/pagefind.js", base).href);
    // In the page's own thread: the worker would be one more script (40 KB) for a search of a few milliseconds.
    await pf.options({ excerptLength: 24, noWorker: true });
    const [, parts] = await Promise.all([pf.init(), fetch(new URL("pagefind/parts.json", base)).then((r) => r.json())]);
    // The parts load side by side: a large community's index comes in many (pagefind/parts.json).
    await Promise.all(parts.map((part) => pf.mergeIndex(new URL("pagefind/" + part, base).href)));
    return pf;
  })();
  return engine;
}

function marked(excerpt) {
  // Pagefind marks the words found with <mark>; keep those and nothing else, as text.
  const parsed = new DOMParser().parseFromString(`<body>${excerpt}</body>`, "text/html").body;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function entry(data) {
  const item = document.createElement("li");
  item.className = "rp-search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = root + data.url.replace(/^\//, "");
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "rp-meta";
  const kind = data.meta.kind === "purpose" ? say.purpose : say.kinds[data.meta.kind] || data.meta.kind;
  meta.textContent = [kind, data.meta.kind === "purpose" ? "" : data.meta.purpose, data.meta.date].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.className = "rp-search-excerpt";
  excerpt.append(...marked(data.excerpt || ""));
  item.append(heading, meta, excerpt);
  return item;
}

async function showMore() {
  const batch = found.slice(shown, shown + PAGE);
  shown += batch.length;
  const data = await Promise.all(batch.map((result) => result.data()));
  list.append(...data.map(entry));
  more.hidden = shown >= found.length;
}

function wanted() {
  const filters = {};
  for (const name of FILTERS) {
    const value = field(name).value.trim();
    if (value) filters[name] = value;
  }
  return [field("q").value.trim(), filters];
}

async function run() {
  const mine = ++asked;
  const [query, filters] = wanted();
  const address = new URLSearchParams(Object.entries({ q: query, ...filters }).filter(([, v]) => v));
  history.replaceState(null, "", address.size ? `?${address}` : location.pathname);
  if (!query && !Object.keys(filters).length) {
    found = []; shown = 0; list.replaceChildren(); status.textContent = ""; more.hidden = true;
    return;
  }
  status.textContent = say.loading;
  try {
    const search = await (await pagefind()).search(query || null, { filters });
    if (mine !== asked) return;
    found = search.results; shown = 0;
    list.replaceChildren();
    await showMore();
    if (mine !== asked) return;
    status.textContent = found.length ? counted(found.length) : say.none;
  } catch (error) {
    status.textContent = say.failed;
    throw error;
  }
}

async function suggest(name, datalist) {
  if (datalist.childElementCount) return;
  const values = (await (await pagefind()).filters())[name] || {};
  datalist.replaceChildren(...Object.keys(values).sort().map((value) => Object.assign(document.createElement("option"), { value })));
}

field("q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
field("q").addEventListener("keydown", (event) => { if (event.key === "Enter") { clearTimeout(timer); run(); } });
for (const name of FILTERS) field(name).addEventListener("change", run);
field("tag").addEventListener("focus", () => suggest("tag", document.getElementById("rp-search-tags")), { once: true });
field("person").addEventListener("focus", () => suggest("person", document.getElementById("rp-search-people")), { once: true });
more.addEventListener("click", showMore);
const asked_for = new URLSearchParams(location.search);
// The address fills what the reader has not typed into yet: words typed before this script ran
// (a slow connection, a restored form) win, and are searched too.
for (const name of ["q", ...FILTERS]) if (asked_for.get(name) && !field(name).value) field(name).value = asked_for.get(name);
const [typed, chosen] = wanted();
if (typed || Object.keys(chosen).length) run();
