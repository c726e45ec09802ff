// review-note's page: review the draft as it is typed and show findings and a suggested note.
// Draft text only ever reaches the page through textContent / text nodes, never innerHTML.
"use strict";

(() => {
  const DEBOUNCE_MS = 100;
  const FAMILY_NAMES = {
    apology: "Apology", "over-explanation": "Over-explaining", hedging: "Hedging", length: "Length", structure: "Structure",
  };
  // Findings about the whole note, shown as a banner; /api/rules replaces this list on load.
  let noteCodes = new Set(["RN202", "RN401", "RN403", "RN405", "RN501", "RN502"]);
  let timer = null;
  let sent = 0;
  let shown = 0;
  let suggestionText = "";

  const $ = (id) => document.getElementById(id);
  const draft = $("draft");

  /** A new element with properties set and children (strings become text nodes). */
  function el(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  }

  function familyName(family) {
    return FAMILY_NAMES[family] || family;
  }

  function ruleTitle(finding) {
    const name = finding.name.replace(/-/g, " ");
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  async function post(path, body, contentType) {
    const response = await fetch(path, { method: "POST", headers: { "Content-Type": contentType }, body })
      .catch(() => { throw new Error("the page cannot reach review-note; is `review-note serve` still running?"); });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || `the server answered ${response.status}`);
    return data;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(review, DEBOUNCE_MS);
  }

  async function review() {
    const text = draft.value;
    const mine = ++sent;
    if (!text.trim()) {
      shown = mine;
      showEmpty();
      return;
    }
    const body = JSON.stringify({ text, suggest: true, job: $("job").value, add: $("add").value });
    try {
      const entry = await post("/api/review", body, "application/json");
      if (mine < shown) return; // a newer answer is already on the page
      shown = mine;
      render(text, entry);
    } catch (error) {
      if (mine >= shown) showProblem(`Could not check the draft: ${error.message}`);
    }
  }

  function showEmpty() {
    $("status").textContent = "Paste your note and the advice will appear here.";
    $("status").className = "";
    for (const id of ["counts", "banner", "advice", "notes", "lessons"]) $(id).replaceChildren();
    $("lessons-box").hidden = true;
    $("marked").hidden = $("marked-help").hidden = $("legend-changes").hidden = true;
    $("suggestion").replaceChildren("The suggested note will appear here.");
    $("copy").disabled = true;
    suggestionText = "";
  }

  function showProblem(message) {
    $("status").textContent = /[.?!]$/.test(message) ? message : `${message}.`;
    $("status").className = "problem";
  }

  function render(text, entry) {
    if (entry.error) {
      showEmpty();
      showProblem(`Could not check the draft: ${entry.error}`);
      return;
    }
    const findings = entry.findings;
    const aboutTheNote = (f) => f.scope === "document" || noteCodes.has(f.code);
    const inNote = findings.filter(aboutTheNote);
    const inText = findings.filter((f) => !aboutTheNote(f));
    renderStatus(findings);
    $("banner").replaceChildren(...inNote.map((f) => {
      const item = el("div", { className: `note-finding fam-${f.family}` },
        el("strong", {}, `${ruleTitle(f)}: `), f.message, " ", el("span", { className: "fix" }, `Fix: ${f.fix}`));
      item.dataset.code = f.code;
      return item;
    }));
    $("marked").replaceChildren(markUp(text, inText));
    $("marked").hidden = false;
    $("marked-help").hidden = inText.length === 0;
    renderAdvice(inText);
    renderLessons(entry.lessons || []);
    renderSuggestion(text, entry.suggestion, findings.length === 0);
  }

  // "Next time": what to prepare before the next interview (text only, never markup).
  function renderLessons(lessons) {
    $("lessons").replaceChildren(...lessons.map((lesson) => {
      const item = el("li", {}, lesson.advice);
      item.dataset.kind = lesson.kind;
      return item;
    }));
    $("lessons-box").hidden = lessons.length === 0;
  }

  function renderStatus(findings) {
    const counts = {};
    for (const f of findings) counts[f.family] = (counts[f.family] || 0) + 1;
    const status = $("status");
    status.className = findings.length ? "" : "good";
    status.textContent = findings.length === 0
      ? "Looks good: a short, confident thank-you note. Nothing to fix."
      : `${findings.length} ${findings.length === 1 ? "thing" : "things"} to look at.`;
    $("counts").replaceChildren(...Object.keys(counts).sort().map((family) =>
      el("span", { className: `count fam-${family}` }, `${familyName(family)}: ${counts[family]}`)));
  }

  /** The draft as text nodes and <mark>s; overlapping findings split into pieces covered by the same findings. */
  function markUp(text, findings) {
    const chars = Array.from(text); // the server counts code points, JavaScript strings count UTF-16 units
    const spans = findings.filter((f) => f.start < f.end && f.start < chars.length);
    const cuts = new Set([0, chars.length]);
    for (const f of spans) {
      cuts.add(f.start);
      cuts.add(Math.min(f.end, chars.length));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    const started = new Set();
    let tips = 0;
    for (let i = 0; i + 1 < points.length; i++) {
      const [start, end] = [points[i], points[i + 1]];
      const piece = chars.slice(start, end).join("");
      const covering = spans.filter((f) => f.start <= start && end <= f.end);
      if (!covering.length) {
        fragment.append(piece);
        continue;
      }
      covering.sort((a, b) => (a.end - a.start) - (b.end - b.start)); // the most precise finding first
      const first = covering[0];
      const tipId = `tip-${++tips}`;
      const mark = el("mark", { className: `fam-${first.family}${covering.length > 1 ? " overlap" : ""}` }, piece);
      mark.dataset.code = first.code;
      mark.dataset.codes = covering.map((f) => f.code).join(" ");
      mark.setAttribute("aria-describedby", tipId);
      if (covering.some((f) => !started.has(f))) mark.tabIndex = 0; // one Tab stop where each finding begins
      covering.forEach((f) => started.add(f));
      const tip = el("span", { className: "tip", id: tipId, role: "tooltip" });
      for (const f of covering) {
        tip.append(el("span", { className: "tip-item" },
          el("strong", {}, `${ruleTitle(f)} `), el("span", { className: "code" }, f.code), el("br"),
          f.message, " ", el("em", {}, "Fix: "), f.fix));
      }
      mark.append(tip);
      fragment.append(mark);
    }
    return fragment;
  }

  function renderAdvice(findings) {
    const byCode = new Map();
    for (const f of findings) {
      if (!byCode.has(f.code)) byCode.set(f.code, []);
      byCode.get(f.code).push(f);
    }
    $("advice").replaceChildren(...[...byCode.values()].map((group) => {
      const f = group[0];
      const quotes = group.map((g) => `“${g.text.length > 60 ? `${g.text.slice(0, 57)}...` : g.text}”`).join(", ");
      return el("li", { className: `fam-${f.family}` },
        el("strong", {}, ruleTitle(f)), " ", el("span", { className: "code" }, f.code), el("br"),
        el("span", { className: "quotes" }, quotes), el("br"), f.message, " ", el("span", { className: "fix" }, `Fix: ${f.fix}`));
    }));
  }

  // The suggestion's changes against the draft: [{kind: "same" | "del" | "ins", text}].
  // The one place to switch: the server's edits when the suggestion has them, otherwise a word diff here.
  function suggestionChanges(text, suggestion) {
    if (Array.isArray(suggestion.edits)) return changesFromEdits(text, suggestion.edits);
    return wordDiff(text, suggestion.text);
  }

  function changesFromEdits(text, edits) {
    const chars = Array.from(text);
    const changes = [];
    let position = 0;
    for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
      if (edit.start < position) continue; // overlapping edits: the first one wins
      changes.push({ kind: "same", text: chars.slice(position, edit.start).join("") });
      changes.push({ kind: "del", text: chars.slice(edit.start, edit.end).join("") });
      changes.push({ kind: "ins", text: edit.replacement });
      position = edit.end;
    }
    changes.push({ kind: "same", text: chars.slice(position).join("") });
    return changes.filter((change) => change.text);
  }

  function wordDiff(before, after) {
    const a = before.match(/\S+\s*/g) || [];
    const b = after.match(/\S+\s*/g) || [];
    const key = (token) => token.trim();
    if (a.length * b.length > 4000000) return [{ kind: "ins", text: after }]; // too big to compare quickly
    const width = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * width); // lcs[i][j]: common words of a[i:] and b[j:]
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] = key(a[i]) === key(b[j])
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    const changes = [];
    const push = (kind, token) => {
      const last = changes[changes.length - 1];
      if (last && last.kind === kind) last.text += token;
      else changes.push({ kind, text: token });
    };
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && key(a[i]) === key(b[j])) {
        push("same", b[j]);
        i++;
        j++;
      } else if (j < b.length && (i === a.length || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
        push("ins", b[j++]);
      } else {
        push("del", a[i++]);
      }
    }
    const lead = after.match(/^\s*/)[0];
    return tidy(lead ? [{ kind: "same", text: lead }, ...changes] : changes);
  }

  /** Readable changes: a word or two kept between changes joins them, and each run reads "deleted, then inserted". */
  function tidy(changes) {
    const out = [];
    let run = null;
    changes.forEach((change, i) => {
      const between = i > 0 && i + 1 < changes.length;
      const short = change.kind === "same" && between && (change.text.match(/\S+/g) || []).length < 3 && !/\n/.test(change.text);
      if (change.kind === "same" && !short) {
        if (run) out.push(...[run.del, run.ins].filter((c) => c.text));
        run = null;
        out.push(change);
        return;
      }
      run = run || { del: { kind: "del", text: "" }, ins: { kind: "ins", text: "" } };
      if (change.kind !== "ins") run.del.text += change.text;
      if (change.kind !== "del") run.ins.text += change.text;
    });
    if (run) out.push(...[run.del, run.ins].filter((c) => c.text));
    return out;
  }

  function renderSuggestion(text, suggestion, clean) {
    const box = $("suggestion");
    suggestionText = suggestion ? suggestion.text : "";
    $("copy").disabled = clean || !suggestion;
    $("legend-changes").hidden = clean || !suggestion;
    $("notes").replaceChildren();
    if (clean) {
      box.replaceChildren(el("p", { className: "nothing" }, "Nothing to change. Your note is ready to send."));
      return;
    }
    if (!suggestion) {
      box.replaceChildren("No suggestion for this draft.");
      return;
    }
    box.replaceChildren(...suggestionChanges(text, suggestion).map((change) =>
      change.kind === "same" ? document.createTextNode(change.text) : el(change.kind, {}, change.text)));
    $("notes").replaceChildren(...suggestion.notes.map((note) => el("li", {}, note)),
      ...suggestion.left_out.map((part) => el("li", {}, "Left out: ", el("q", {}, part))));
  }

  async function copySuggestion() {
    const status = $("copy-status");
    try {
      await navigator.clipboard.writeText(suggestionText);
      status.textContent = "Copied. Paste it into your e-mail.";
    } catch {
      $("show-changes").checked = false;
      $("suggestion").classList.remove("changes");
      const range = document.createRange();
      range.selectNodeContents($("suggestion"));
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = "Press Ctrl+C (or ⌘C) to copy the selected note.";
    }
  }

  async function openFile(file) {
    if (!file) return;
    try {
      const name = encodeURIComponent(file.name);
      const data = await post(`/api/upload?name=${name}`, file, "application/octet-stream");
      draft.value = data.text;
      review();
    } catch (error) {
      showProblem(`Could not open ${file.name}: ${error.message}`);
    }
  }

  async function loadNoteCodes() {
    try {
      const response = await fetch("/api/rules");
      const list = await response.json();
      noteCodes = new Set(list.filter((rule) => rule.scope === "note").map((rule) => rule.code));
    } catch {
      // keep the built-in list of whole-note codes
    }
  }

  /** Keep a highlight's advice inside the window. */
  function placeTip(event) {
    const tip = event.target.closest && event.target.closest("mark") && event.target.closest("mark").querySelector(".tip");
    if (!tip || getComputedStyle(tip).position === "fixed") return;
    tip.style.left = "0px";
    const overflow = tip.getBoundingClientRect().right - (document.documentElement.clientWidth - 12);
    if (overflow > 0) tip.style.left = `${-overflow}px`;
  }

  $("marked").addEventListener("mouseover", placeTip);
  $("marked").addEventListener("focusin", placeTip);
  for (const id of ["draft", "job", "add"]) $(id).addEventListener("input", schedule);
  $("show-changes").addEventListener("change", (event) => $("suggestion").classList.toggle("changes", event.target.checked));
  $("copy").addEventListener("click", copySuggestion);
  $("open-file").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (event) => openFile(event.target.files[0]));
  const carriesFile = (event) => event.dataTransfer && event.dataTransfer.types.includes("Files");
  document.addEventListener("dragover", (event) => {
    if (!carriesFile(event)) return; // dragged text drops into the boxes as usual
    event.preventDefault();
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", (event) => {
    if (!carriesFile(event)) return;
    event.preventDefault();
    document.body.classList.remove("dragging");
    openFile(event.dataTransfer.files[0]);
  });
  loadNoteCodes().then(() => { if (draft.value.trim()) review(); });
})();
