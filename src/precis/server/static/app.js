// The briefing page: gathers articles (pasted text, dropped files, URLs), calls the API, shows the result.
import { checkView, digestView, el, summaryView, timelineView } from "/static/views.js";

const HINTS = {
  summary: "A short briefing; a fact several articles carry is said once and cites each of them.",
  outline: "One key sentence per section or block of each article, in article order.",
  digest: "Many articles grouped into stories, each with its briefing, copies and corroboration.",
  timeline: "Dated events, oldest first, each sentence cited.",
  check: "Audit a summary sentence by sentence against the articles.",
};
const ENDPOINT = { summary: "summarize", outline: "summarize", digest: "digest", timeline: "timeline", check: "check" };
const VIEWS = { summary: summaryView, outline: summaryView, digest: digestView, timeline: timelineView, check: checkView };
const files = [];

const $ = (id) => document.getElementById(id);
const mode = () => document.querySelector("input[name=mode]:checked").value;

function showMode() {
  const m = mode();
  $("mode-hint").textContent = HINTS[m];
  $("budget-row").hidden = m === "timeline" || m === "check";
  $("unit").hidden = m === "digest"; // a digest's length is words per story
  $("budget").setAttribute("aria-label", m === "digest" ? "words per story" : "length");
  $("dates-row").hidden = m !== "timeline";
  $("summary-label").hidden = $("summary-text").hidden = $("scorer-row").hidden = m !== "check";
}

function articles() {
  const out = [];
  for (const part of $("articles").value.split(/^\s*---+\s*$/m)) {
    if (part.trim()) out.push({ text: part.trim() });
  }
  for (const line of $("urls").value.split(/\r?\n/)) {
    if (line.trim()) out.push({ url: line.trim() });
  }
  for (const f of files) out.push({ document: f.content, name: f.name });
  return out;
}

function number(id) {
  const value = $(id).value.trim();
  return value === "" ? null : Number(value);
}

function requestBody(m) {
  if (m === "check") {
    const body = { summary: $("summary-text").value, sources: articles() };
    if ($("scorer").value !== "rules") body.scorer = $("scorer").value; // the model reads meaning, about 6x slower
    return body;
  }
  const body = { articles: articles() };
  if (m === "timeline") {
    if (number("dates") !== null) body.dates = number("dates");
    if (number("per-date") !== null) body.per_date = number("per-date");
    return body;
  }
  if (number("budget") !== null) body[m === "digest" ? "words" : $("unit").value] = number("budget");
  if (m === "outline") body.outline = true;
  return body;
}

function showProblem(problem) {
  const box = $("problem");
  box.replaceChildren(...[
    el("strong", {}, problem.title || "Something went wrong"),
    el("span", {}, problem.detail || ""),
    problem.field ? el("div", { class: "meta" }, `field: ${problem.field}`) : null,
  ].filter(Boolean));
  box.hidden = false;
}

function showSkipped(header) {
  const list = $("skipped");
  let skipped = [];
  try {
    skipped = header ? JSON.parse(header) : [];
  } catch {
    skipped = [];
  }
  list.replaceChildren(...skipped.map((s) => el("li", {}, `Skipped ${s.input}: ${s.reason}`)));
  list.hidden = skipped.length === 0;
}

async function call(endpoint, body, view) {
  $("result").hidden = false;
  $("problem").hidden = true;
  $("go").disabled = true;
  $("status").textContent = "Working…";
  try {
    const response = await fetch(`/v1/${endpoint}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ title: `HTTP ${response.status}`, detail: response.statusText }));
    showSkipped(response.headers.get("Precis-Skipped"));
    if (!response.ok) {
      $("output").replaceChildren();
      showProblem(data);
      return;
    }
    $("output").replaceChildren(view(data, actions));
    $("status").textContent = "";
    if (window.matchMedia("(max-width: 820px)").matches) $("result").scrollIntoView({ block: "start" });
  } catch (error) {
    showProblem({ title: "The server could not be reached", detail: String(error) });
  } finally {
    $("go").disabled = false;
    if ($("status").textContent === "Working…") $("status").textContent = "";
  }
}

const actions = {
  check: (summary) => call("check", { summary }, checkView),
  copy: (doc) => navigator.clipboard?.writeText(JSON.stringify(doc, null, 2)),
};

function addFiles(list) {
  for (const file of list) {
    file.text().then((content) => {
      files.push({ name: file.name, content });
      renderFiles();
    });
  }
}

function renderFiles() {
  $("file-list").replaceChildren(...files.map((f, i) =>
    el("li", {}, el("span", {}, `${f.name} (${f.content.length.toLocaleString()} characters)`),
      el("button", { type: "button", "aria-label": `remove ${f.name}`, onclick: () => {
        files.splice(i, 1);
        renderFiles();
      } }, "remove"))));
}

function setUp() {
  for (const radio of document.querySelectorAll("input[name=mode]")) radio.addEventListener("change", showMode);
  showMode();
  $("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const m = mode();
    call(ENDPOINT[m], requestBody(m), VIEWS[m]);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    addFiles(e.dataTransfer.files);
  });
  $("files").addEventListener("change", (e) => addFiles(e.target.files));
  const closeSource = () => {
    $("source").hidden = true;
    document.body.classList.remove("reading");
  };
  $("source-close").addEventListener("click", closeSource);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeSource(); });
}

setUp();
