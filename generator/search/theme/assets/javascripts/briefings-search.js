/*
 * The site search: Pagefind's index (built by generator/search.py into <site>/pagefind/) in Material's
 * search dialog (partials/search.html beside this folder). Material's own search plugin is off, so this script
 * does what its search component did: open on focus or on the / s f keys, results as you type (title and
 * excerpt with the words marked), arrow keys and Enter, Escape to close, and marking the searched words on
 * the page a result opens (?h=..., as Material's search.highlight did), after instant navigation too.
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-briefings-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;
  const form = root.querySelector("form");
  const input = root.querySelector(".md-search__input");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const scroll = root.querySelector(".md-search__scrollwrap");
  // The site root as an absolute URL. base_url is relative to the page first loaded; instant navigation
  // swaps the content but never this header, so it is resolved once, here. Works under any sub-path.
  const base = new URL((root.dataset.base || ".").replace(/\/?$/, "/"), location.href);
  const PAGE = 10; // results rendered at a time; more on scrolling down
  let pagefind = null; // Promise of the Pagefind module, loaded on first use
  let state = { id: 0, results: [], shown: 0, query: "", busy: false };

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(async (pf) => {
        // result URLs start at the site root wherever the site is hosted
        await pf.options({ baseUrl: base.pathname, excerptLength: 24 });
        pf.init();
        return pf;
      });
    }
    return pagefind;
  }

  function open(on) {
    if (toggle.checked !== on) {
      toggle.checked = on;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function message(text) {
    meta.textContent = text;
  }

  function count(n) {
    const d = root.dataset;
    return n === 0 ? d.none : n === 1 ? d.one : d.other.replace("#", n.toLocaleString());
  }

  // Pagefind's excerpt is HTML with <mark> around the matched words: keep the marks, take the rest as text.
  function teaser(html) {
    const p = document.createElement("p");
    p.className = "md-search-result__teaser";
    const doc = new DOMParser().parseFromString(html, "text/html");
    for (const node of doc.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    }
    return p;
  }

  function item(data, query) {
    const url = new URL(data.url, base);
    url.searchParams.set("h", query);
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = url.href;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.append(icon, title, teaser(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  async function more(id) {
    if (state.busy || state.shown >= state.results.length) return;
    state.busy = true;
    const batch = state.results.slice(state.shown, state.shown + PAGE);
    try {
      const data = await Promise.all(batch.map((r) => r.data()));
      if (id !== state.id) return; // a newer query replaced this one
      state.shown += batch.length;
      for (const d of data) list.appendChild(item(d, state.query));
    } finally {
      if (id === state.id) state.busy = false;
    }
  }

  async function search(query, id) {
    const pf = await load();
    const found = await pf.search(query);
    if (id !== state.id || !found) return;
    state = { id, results: found.results, shown: 0, query, busy: false };
    list.textContent = "";
    message(count(found.results.length));
    scroll.scrollTop = 0;
    await more(id);
  }

  let timer = 0;
  input.addEventListener("input", () => {
    const id = ++state.id;
    clearTimeout(timer);
    const query = input.value.trim();
    if (!query) {
      state = { id, results: [], shown: 0, query: "", busy: false };
      list.textContent = "";
      message(root.dataset.placeholder);
      return;
    }
    // a short pause lets a fast typist's keystrokes become one search
    timer = setTimeout(() => {
      search(query, id).catch((err) => {
        if (id === state.id) message(String(err && err.message ? err.message : err));
      });
    }, 60);
  });

  form.addEventListener("reset", () => {
    setTimeout(() => {
      input.dispatchEvent(new Event("input"));
      input.focus();
    });
  });

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });

  input.addEventListener("focus", () => {
    open(true);
    load().catch(() => {});
  });

  toggle.addEventListener("change", () => {
    if (toggle.checked) {
      load().catch(() => {});
      setTimeout(() => input.focus(), 0);
    } else if (document.activeElement === input) {
      input.blur();
    }
  });

  list.addEventListener("click", (ev) => {
    if (ev.target.closest("a")) open(false);
  });

  scroll.addEventListener("scroll", () => {
    if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 200) more(state.id);
  });

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  window.addEventListener("keydown", (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.altKey) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !editable(active)) {
        ev.preventDefault();
        open(true);
      }
      return;
    }
    if (ev.key === "Escape") {
      ev.preventDefault();
      open(false);
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      const stops = [input, ...list.querySelectorAll("a")];
      const at = stops.indexOf(active);
      const next = ev.key === "ArrowDown" ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0);
      if (at >= 0 || ev.key === "ArrowDown") {
        ev.preventDefault();
        stops[Math.max(next, 0)].focus();
      }
    } else if (active !== input && ev.key.length === 1 && !editable(active)) {
      input.focus(); // typing while a result has focus goes on with the query
    }
  });

  // Mark the searched words in the article of the page a result opened (?h=...).
  function highlight() {
    const query = new URL(location.href).searchParams.get("h");
    const article = document.querySelector("article.md-content__inner");
    if (!query || !article) return;
    const words = query.split(/\s+/).filter(Boolean).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    if (!words.length) return;
    // the word at the start of a word, as typed or longer (Pagefind also finds words by their prefix)
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})[\\p{L}\\p{N}]*`, "giu");
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) =>
        n.parentElement.closest("mark, script, style, code, pre, .headerlink")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.nodeValue;
      re.lastIndex = 0;
      if (!re.test(text)) continue;
      re.lastIndex = 0;
      const frag = document.createDocumentFragment();
      let last = 0;
      for (const m of text.matchAll(re)) {
        frag.appendChild(document.createTextNode(text.slice(last, m.index)));
        const mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = m[0];
        frag.appendChild(mark);
        last = m.index + m[0].length;
      }
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.replaceWith(frag);
    }
  }

  // Material's document$ emits on the first load and after every instant navigation.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => highlight());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
