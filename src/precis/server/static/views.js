// Views of precis's JSON documents. Every piece of article or summary text reaches the page as a
// text node (el() appends strings with append(), never innerHTML), so markup in an article is shown,
// never run. Offsets in the JSON are Python string offsets (code points); codePoints() slices the
// same way, so a citation's span is highlighted exactly even after an emoji.

const FLAG_HELP = {
  entity: "names a person, organisation, place or outlet that the sources never name",
  attribution: "credits words to someone the sources do not name",
  number: "gives a figure, date or quantity the sources lack or give differently",
  quote: "quotes words that are not verbatim in a source",
  negation: "says the opposite of the closest source sentence",
  repetition: "restates an earlier sentence of the summary",
  garbled: "has doubled or glued words or tokenization debris",
};
const VERDICT_HELP = {
  supported: "the sources carry it",
  unsupported: "the sources do not carry it, or it adds a name, figure or quote they lack",
  contradicted: "the sources say otherwise",
};

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function safeUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

function codePoints(text) {
  return Array.from(text || "");
}

function outletOf(article) {
  if (article.outlet) return article.outlet;
  const url = safeUrl(article.url);
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return null;
  }
}

function when(published) {
  if (!published) return null;
  return published.length > 16 ? published.slice(0, 16).replace("T", " ") : published;
}

function opening(article) {
  const words = (article.text || "").trim().split(/\s+/).slice(0, 8).join(" ");
  return words ? `“${words}…”` : "";
}

export function describe(article) {
  const outlet = outletOf(article);
  if (!outlet && !article.title) return `article ${article.id}: ${opening(article)}`;
  const parts = [outlet || article.id];
  if (article.title) parts.push(`“${article.title}”`);
  if (article.author) parts.push(`by ${article.author}`);
  if (article.published) parts.push(when(article.published));
  return parts.join(", ");
}

// --- the source panel ------------------------------------------------------------------------
export function openSource(article, start, end) {
  const panel = document.getElementById("source");
  const meta = document.getElementById("source-meta");
  const body = document.getElementById("source-text");
  const url = safeUrl(article.url);
  const byline = [outletOf(article), article.author && `by ${article.author}`, when(article.published)];
  meta.replaceChildren(...[
    el("strong", {}, article.title || `article ${article.id}`),
    el("span", {}, byline.filter(Boolean).join(" · ")),
    url ? el("div", {}, el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)) : null,
    el("div", { class: "meta" }, `id ${article.id}, characters ${start}–${end}`),
  ].filter(Boolean));
  const chars = codePoints(article.text);
  const mark = el("mark", { id: "cited" }, chars.slice(start, end).join(""));
  body.replaceChildren(chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
  panel.hidden = false;
  document.body.classList.add("reading");
  mark.scrollIntoView({ block: "center" });
  document.getElementById("source-close").focus({ preventScroll: true });
}

// --- shared pieces ---------------------------------------------------------------------------
function byId(articles) {
  return new Map((articles || []).map((a) => [a.id, a]));
}

function numbering(citationLists) {
  const numbers = new Map();
  for (const citations of citationLists) {
    for (const c of citations) if (!numbers.has(c.article_id)) numbers.set(c.article_id, numbers.size + 1);
  }
  return numbers;
}

function citeButtons(citations, numbers, articles) {
  return citations.map((c) => {
    const article = articles.get(c.article_id);
    if (!article) return null;
    const n = numbers.get(c.article_id);
    return el("button", {
      type: "button", class: "cite", "data-article": c.article_id, "data-start": c.start, "data-end": c.end,
      title: describe(article), "aria-label": `source ${n}: ${describe(article)}`,
      onclick: () => openSource(article, c.start, c.end),
    }, String(n));
  });
}

function sourceList(numbers, articles) {
  const items = [...numbers.entries()].map(([id, n]) => {
    const article = articles.get(id);
    const url = safeUrl(article?.url);
    return el("li", { value: n }, article ? describe(article) : id,
      url ? [" ", el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url)] : null);
  });
  return items.length ? [el("h3", {}, "Sources"), el("ol", { class: "sources" }, items)] : [];
}

function allCitations(item) {
  return [...item.citations, ...(item.conflicts || []).map((c) => c.citation)];
}

function conflictNotes(item, numbers, articles) {
  if (!item.conflicts?.length) return null;
  return el("ul", { class: "conflicts" }, item.conflicts.map((c) => {
    const source = articles.get(c.citation.article_id);
    return el("li", { "data-kind": c.kind },
      `${source ? outletOf(source) || `article ${source.id}` : c.citation.article_id} gives another ${c.kind}: `,
      `“${c.other}” where this says “${c.said}”`, citeButtons([c.citation], numbers, articles));
  }));
}

function itemList(items, numbers, articles) {
  return el("ol", { class: "items" }, items.map((item) =>
    el("li", { class: "item" }, el("span", { class: "item-text" }, item.text),
      citeButtons(item.citations, numbers, articles), conflictNotes(item, numbers, articles))));
}

// --- one view per document -------------------------------------------------------------------
export function summaryView(summary, actions) {
  const articles = byId(summary.articles);
  const numbers = numbering(summary.items.map(allCitations));
  const title = { summary: "Summary", outline: "Outline", update: "What is new" }[summary.mode] || "Summary";
  const budget = summary.budget ? ` (at most ${summary.budget.value} ${summary.budget.unit})` : "";
  return el("div", { class: "view summary-view" },
    el("h2", {}, title + budget),
    summary.reason ? el("p", { class: "reason" }, summary.reason) : null,
    itemList(summary.items, numbers, articles),
    sourceList(numbers, articles),
    el("div", { class: "bar" },
      summary.items.length ? el("button", { type: "button", class: "secondary", id: "check-this",
        onclick: () => actions.check(summary) }, "Check this briefing") : null,
      el("button", { type: "button", class: "secondary", onclick: () => actions.copy(summary) }, "Copy JSON")));
}

function flaggedText(sentence) {
  const chars = codePoints(sentence.text);
  const spans = sentence.flags
    .filter((f) => f.kind !== "repetition" && f.end > f.start)
    .sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const flag of spans) {
    if (flag.start < at) continue; // overlapping flags: the first one is marked
    out.push(chars.slice(at, flag.start).join(""));
    out.push(el("span", { class: "flag-span", title: flag.message }, chars.slice(flag.start, flag.end).join("")));
    at = flag.end;
  }
  out.push(chars.slice(at).join(""));
  return out;
}

export function checkView(report) {
  const articles = byId(report.articles);
  const numbers = numbering(report.sentences.map((s) => s.evidence));
  const counts = Object.entries(report.flags || {}).map(([k, n]) => `${n} ${k}`).join(", ");
  return el("div", { class: "view check-view" },
    el("h2", {}, `Check: ${report.verdict}`),
    el("p", { class: "meta" }, `weakest support ${report.score.toFixed(2)}`, counts ? `; flags: ${counts}` : "; no flags",
      `; scored by ${report.settings && report.settings.scorer ? report.settings.scorer.name : "rules"}`),
    el("div", { class: "legend" }, Object.entries(VERDICT_HELP).map(([v, help]) =>
      el("span", { class: `verdict ${v}` }, `${v}: ${help}`))),
    report.sentences.map((s) =>
      el("div", { class: `verdict ${s.verdict}`, "data-verdict": s.verdict },
        el("div", {}, el("span", { class: "badge" }, s.verdict), el("span", { class: "score" }, `support ${s.score.toFixed(2)}`)),
        el("div", { class: "sentence" }, flaggedText(s), citeButtons(s.evidence.slice(0, 3), numbers, articles)),
        s.flags.length ? el("ul", { class: "flags" }, s.flags.map((f) =>
          el("li", { "data-kind": f.kind }, el("b", {}, f.kind), `: ${f.message} `,
            el("span", { class: "meta" }, `(this sentence ${FLAG_HELP[f.kind] || "was flagged"})`)))) : null)),
    sourceList(numbers, articles));
}

export function timelineView(timeline) {
  const articles = byId(timeline.articles);
  const numbers = numbering(timeline.entries.flatMap((e) => e.items.map(allCitations)));
  return el("div", { class: "view timeline-view" },
    el("h2", {}, "Timeline"),
    timeline.reason ? el("p", { class: "reason" }, timeline.reason) : null,
    timeline.entries.map((entry) => [
      el("h3", { class: "date" }, entry.date),
      itemList(entry.items, numbers, articles),
    ]),
    timeline.undated?.length
      ? el("p", { class: "meta" }, `No publication date for: ${timeline.undated.join(", ")}; their relative dates were not used.`)
      : null,
    sourceList(numbers, articles));
}

function articleName(articles, id) {
  const article = articles.get(id);
  return article ? outletOf(article) || `article ${id}` : id;
}

function storyCopies(story, articles) {
  const copies = story.articles.filter((a) => a.copy_of);
  if (!copies.length) return null;
  return [el("h4", {}, "Copies"), el("ul", { class: "copies" }, copies.map((a) =>
    el("li", { "data-copy": a.id },
      `${articleName(articles, a.id)} (${a.id}) carries a ${a.copy_kind} copy of ${articleName(articles, a.copy_of)} (${a.copy_of})`)))];
}

function storyItems(story, numbers, articles) {
  return el("ol", { class: "items" }, story.items.map((item) =>
    el("li", { class: "item" }, el("span", { class: "item-text" }, item.text),
      citeButtons(item.citations, numbers, articles),
      el("div", { class: "corroboration meta" },
        `${item.reports} independent report${item.reports === 1 ? "" : "s"}; carried by ${item.outlets.join(", ")}`),
      conflictNotes(item, numbers, articles))));
}

function storyTimeline(story, numbers, articles) {
  if (!story.timeline?.length) return null;
  return [el("h4", {}, "Timeline"), el("ul", { class: "brief-timeline" }, story.timeline.map((entry) =>
    el("li", {}, el("span", { class: "date" }, entry.date), " ",
      entry.items.map((item) => [item.text, citeButtons(item.citations, numbers, articles)]))))];
}

export function digestView(digest) {
  const articles = byId(digest.articles);
  const numbers = numbering(digest.stories.flatMap((s) => [
    s.title_citation ? [s.title_citation] : [],
    ...s.items.map(allCitations),
    ...(s.timeline || []).flatMap((e) => e.items.map(allCitations)),
  ]));
  const apart = digest.placements.filter((p) => p.role === "set apart");
  return el("div", { class: "view digest-view" },
    el("h2", {}, `Digest: ${digest.stories.length} ${digest.stories.length === 1 ? "story" : "stories"}`),
    digest.reason ? el("p", { class: "reason" }, digest.reason) : null,
    digest.stories.map((story) => {
      const copies = story.articles.filter((a) => a.copy_of).length;
      const count = `${story.articles.length} article${story.articles.length === 1 ? "" : "s"}`;
      return el("section", { class: "story", "data-story": story.id },
        el("h3", {}, story.title, story.title_citation ? citeButtons([story.title_citation], numbers, articles) : null),
        el("p", { class: "meta" }, [story.outlets.join(", "), copies ? `${count}, ${copies} of them copies` : count,
          story.published && `latest ${when(story.published)}`].filter(Boolean).join(" · ")),
        story.reason ? el("p", { class: "reason" }, story.reason) : null,
        storyItems(story, numbers, articles),
        storyCopies(story, articles),
        storyTimeline(story, numbers, articles));
    }),
    apart.length ? [el("h3", {}, "Set apart"), el("ul", { class: "set-apart" }, apart.map((p) =>
      el("li", {}, `${p.id}: ${p.reason}`)))] : null,
    sourceList(numbers, articles));
}
