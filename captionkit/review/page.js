(() => {
"use strict";
const $ = (id) => document.getElementById(id);
const D = JSON.parse($("ck-data").textContent);
const media = $("ck-media");
const box = $("ck-transcript");
const words = Array.from(box.querySelectorAll(".w"));
const starts = words.map((w) => +w.dataset.start);
const cues = D.cues;
const cueStarts = cues.map((c) => c.s);
const smooth = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
let pos = 0, curWord = -1, curCue = -1, bars = [], head = null, pps = 10;

// the last index whose value is <= x (-1 when none)
function upTo(arr, x) {
  let lo = 0, hi = arr.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
function clock(ms) {
  ms = Math.max(0, Math.round(ms));
  const p = (n, k) => String(n).padStart(k, "0");
  return p(Math.floor(ms / 3600000), 2) + ":" + p(Math.floor(ms / 60000) % 60, 2) + ":" +
    p(Math.floor(ms / 1000) % 60, 2) + "." + p(ms % 1000, 3);
}
function now() { return media ? media.currentTime * 1000 : pos; }
function follow() { return $("ck-follow").checked; }
function reveal(el, block) {
  if (!el) return;
  const r = el.getBoundingClientRect(), scroller = el.closest("main > section") || null;
  const view = scroller && getComputedStyle(scroller).overflowY === "auto" ? scroller.getBoundingClientRect()
    : { top: $("ck-now").closest("header").getBoundingClientRect().bottom, bottom: window.innerHeight };
  if (r.top < view.top || r.bottom > view.bottom) el.scrollIntoView({ block: block || "center", behavior: smooth });
}

function show(ms, scroll) {
  const w = upTo(starts, ms + 0.5);
  if (w !== curWord) {
    if (curWord >= 0) words[curWord].classList.remove("now");
    curWord = w;
    if (w >= 0) {
      words[w].classList.add("now");
      if (scroll) reveal(words[w]);
    }
  }
  let c = upTo(cueStarts, ms + 0.5);
  if (c >= 0 && ms >= cues[c].e) c = -1;
  if (c !== curCue) {
    if (curCue >= 0 && bars[curCue]) bars[curCue].classList.remove("now");
    curCue = c;
    $("ck-now").textContent = c >= 0 ? cues[c].t : "";
    if (c >= 0 && bars[c]) bars[c].classList.add("now");
  }
  $("ck-clock").textContent = clock(ms);
  if (head) {
    const x = (ms / 1000) * pps;
    head.setAttribute("x1", x); head.setAttribute("x2", x);
    const tl = $("ck-timeline");
    if (scroll && (x < tl.scrollLeft || x > tl.scrollLeft + tl.clientWidth - 20)) {
      tl.scrollLeft = Math.max(0, x - tl.clientWidth / 3);
    }
  }
}

function seek(ms) {
  ms = Math.max(0, ms);
  pos = ms;
  if (media) media.currentTime = ms / 1000;
  show(ms, false);
  const w = upTo(starts, ms + 0.5);
  if (w >= 0) reveal(words[w]);
}

function stepCue(d) {
  if (!cues.length) return;
  const t = now();
  let i = upTo(cueStarts, t + 0.5);
  if (d > 0) i = Math.min(i + 1, cues.length - 1);
  else if (i < 0 || t - cues[i].s < 400) i = Math.max(i - 1, 0);
  seek(cues[i].s);
}

function toggle() {
  if (!media) return;
  if (media.paused) { const p = media.play(); if (p && p.catch) p.catch(() => {}); } else media.pause();
}

// clicks: words, timecodes and findings links, timeline bars
document.addEventListener("click", (e) => {
  const t = e.target;
  if (!(t instanceof Element)) return;
  const link = t.closest("a[data-seek]");
  if (link) { e.preventDefault(); seek(+link.dataset.seek); return; }
  const w = t.closest("#ck-transcript .w");
  if (w) { seek(+w.dataset.start); }
});
$("ck-prev").addEventListener("click", () => stepCue(-1));
$("ck-next").addEventListener("click", () => stepCue(1));
if ($("ck-play")) $("ck-play").addEventListener("click", toggle);

document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
  const t = e.target, tag = t && t.tagName;
  if (t && t.isContentEditable) return;
  if (/^(INPUT|TEXTAREA|SELECT|AUDIO|VIDEO)$/.test(tag)) return;
  if (e.key === " " || e.key === "Spacebar") {
    if (/^(BUTTON|SUMMARY)$/.test(tag) || !media) return;
    e.preventDefault(); toggle();
  } else if (e.key === "ArrowRight") { e.preventDefault(); stepCue(1); }
  else if (e.key === "ArrowLeft") { e.preventDefault(); stepCue(-1); }
  else if (e.key === "/") { e.preventDefault(); $("ck-search").focus(); }
});

if (media) {
  let frame = 0;
  const tick = () => { show(now(), follow()); frame = media.paused ? 0 : requestAnimationFrame(tick); };
  media.addEventListener("play", () => {
    $("ck-play").textContent = "Pause";
    if (!frame) frame = requestAnimationFrame(tick);
  });
  media.addEventListener("pause", () => { $("ck-play").textContent = "Play"; show(now(), false); });
  media.addEventListener("seeked", () => show(now(), false));
  media.addEventListener("timeupdate", () => { if (media.paused) show(now(), false); });
}

// search: every match of the (space-normalised, case-folded) query across words
const hay = [], offsets = [];
{
  let at = 0;
  for (const w of words) { offsets.push(at); const s = w.textContent.toLowerCase(); hay.push(s); at += s.length + 1; }
}
const full = hay.join(" ");
let hits = [], hitAt = -1, lit = [];
function search() {
  for (const w of lit) w.classList.remove("hit", "cur");
  lit = []; hits = []; hitAt = -1;
  const q = $("ck-search").value.trim().toLowerCase().replace(/\s+/g, " ");
  if (q) {
    for (let i = full.indexOf(q); i >= 0 && hits.length < 5000; i = full.indexOf(q, i + 1)) {
      const a = upTo(offsets, i), b = upTo(offsets, i + q.length - 1);
      hits.push(a);
      for (let k = a; k <= b; k++) { words[k].classList.add("hit"); lit.push(words[k]); }
    }
  }
  $("ck-count").textContent = q ? (hits.length === 1 ? "1 match" : hits.length + " matches") : "";
}
function nextHit(d) {
  if (!hits.length) return;
  if (hitAt >= 0) words[hits[hitAt]].classList.remove("cur");
  hitAt = (hitAt + d + hits.length) % hits.length;
  const w = words[hits[hitAt]];
  w.classList.add("cur");
  reveal(w);
  $("ck-count").textContent = (hitAt + 1) + " of " + hits.length;
}
let typing = 0;
$("ck-search").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(search, 120); });
$("ck-search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault(); clearTimeout(typing);
    if (!lit.length) search();
    nextHit(e.shiftKey ? -1 : 1);
  } else if (e.key === "Escape") { $("ck-search").value = ""; search(); }
});
$("ck-sprev").addEventListener("click", () => { if (!lit.length) search(); nextHit(-1); });
$("ck-snext").addEventListener("click", () => { if (!lit.length) search(); nextHit(1); });

// findings filter
if ($("ck-filter")) $("ck-filter").addEventListener("change", (e) => {
  const rule = e.target.value;
  for (const li of document.querySelectorAll("#ck-findings li")) li.hidden = !!rule && li.dataset.rule !== rule;
});

// the timeline: a bar per cue, as high as its reading speed
function timeline() {
  const el = $("ck-timeline");
  if (!cues.length) { el.textContent = "No cues."; return; }
  const NS = "http://www.w3.org/2000/svg";
  const mk = (name, attrs, parent) => {
    const n = document.createElementNS(NS, name);
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    (parent || svg).appendChild(n);
    return n;
  };
  const end = Math.max(D.duration, cues[cues.length - 1].e) / 1000;
  pps = Math.max(8, Math.min(40, (el.clientWidth || 600) / Math.max(end, 1)));
  const W = Math.ceil(end * pps) + 30, base = 86, top = 8, H = 118;
  const maxC = Math.max(D.limit ? D.limit * 1.6 : 0, ...cues.map((c) => c.c || 0), 1);
  const y = (cps) => base - Math.min(cps, maxC) / maxC * (base - top);
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", W); svg.setAttribute("height", H);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", cues.length + " cues by reading speed");
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800];
  const step = steps.find((s) => s * pps >= 70) || 3600;
  for (let s = 0; s <= end; s += step) {
    mk("line", { x1: s * pps, x2: s * pps, y1: top, y2: base, class: "tick" });
    const m = Math.floor(s / 60), r = s % 60;
    mk("text", { x: s * pps + 2, y: H - 2, class: "axis" }).textContent = m + ":" + String(r).padStart(2, "0");
  }
  const dur = new Set(D.dur), gap = new Set(D.gap);
  cues.forEach((c, i) => {
    const x = c.s / 1000 * pps, w = Math.max(1.5, (c.e - c.s) / 1000 * pps - 0.5);
    const yy = y(c.c || 0);
    const bar = mk("rect", { x: x, y: yy, width: w, height: Math.max(1, base - yy), class: "cue k" + c.k });
    mk("title", {}, bar).textContent = "cue " + c.n + " · " + clock(c.s) + " · " +
      (c.c === null ? "no duration" : c.c + " cps") + " · " + ((c.e - c.s) / 1000).toFixed(2) + " s\n" + c.t;
    bar.addEventListener("click", () => seek(c.s));
    bars[i] = bar;
    if (dur.has(c.n)) mk("rect", { x: x, y: base + 3, width: w, height: 5, class: "kd" });
    if (gap.has(c.n)) {
      const gx = c.e / 1000 * pps;
      const next = cues[i + 1] ? cues[i + 1].s : c.e;
      const gw = 4 + Math.max(0, (next - c.e) / 1000 * pps);
      mk("rect", { x: gx - 2, y: base + 10, width: gw, height: 5, class: "kg" });
    }
  });
  if (D.limit) {
    mk("line", { x1: 0, x2: W, y1: y(D.limit), y2: y(D.limit), class: "limit" });
    mk("text", { x: 2, y: y(D.limit) - 3, class: "axis" }).textContent = D.limit + " cps";
  }
  head = mk("line", { x1: 0, x2: 0, y1: top - 4, y2: base + 16, class: "head" });
  el.appendChild(svg);
}
timeline();
const start = /^#t=(\d+)$/.exec(location.hash);
show(start ? +start[1] : 0, false);
if (start) seek(+start[1]);
document.documentElement.dataset.ready = "1";
})();
