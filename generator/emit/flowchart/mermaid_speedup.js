// Makes mermaidx 0.10.1's DOM shim fast for SVG-text labels
// (htmlLabels: false). Loaded after mermaidx's own scripts in every fresh QuickJS context; it only
// replaces global functions of assets/dom_shim.js with versions that compute the same results.
//
// Why: with htmlLabels:false mermaid lays out <text>/<tspan> labels, and every getBBox() resolves
// the label's font by walking its ancestors and asking the shim's small CSS engine for font-size,
// font-family and font-weight at each one (__resolveCssProp). Each of those ~100,000 calls did
//   doc.querySelector("style")  -- a walk over the whole document, matching "style" at every node --
// to find the stylesheet (75 % of the render), then re-parsed every selector of every rule with
// regular expressions (20 %). Both are pure functions of things that rarely change, so:
//   1. the <style> element is looked up again only after the document changed (a mutation counter
//      bumped by appendChild / insertBefore / removeChild and the textContent / innerHTML setters);
//      its text is still read on every call, so a rewritten stylesheet is seen at once;
//   2. selector lists, complex selectors and compound selectors are parsed once per distinct string;
//   3. the stylesheet value of a property for an element (__resolveCssProp: every rule matched
//      against the element, ~190,000 calls for the bundled chart, each getBBox walking the same
//      ancestors again) is remembered until anything it could depend on changes: the tree (the
//      mutation counter above), any attribute (a second counter, bumped by setAttribute,
//      removeAttribute and their NS forms, and when a pending el.style write becomes the style
//      attribute) or the stylesheet's rules. Inline styles are read on every call as before.
// The SVG bytes are identical to an unpatched render (tests/unit/test_flowchart_speed.py).
(function () {
  let version = 0;
  const bump = () => { version++; };
  for (const name of ["appendChild", "insertBefore", "removeChild"]) {
    const f = Node.prototype[name];
    Node.prototype[name] = function (...args) { version++; return f.apply(this, args); };
  }
  for (const prop of ["textContent", "innerHTML"]) {
    const d = Object.getOwnPropertyDescriptor(Element.prototype, prop);
    if (d && d.set) {
      Object.defineProperty(Element.prototype, prop, {
        configurable: true, enumerable: d.enumerable, get: d.get,
        set(v) { version++; d.set.call(this, v); },
      });
    }
  }
  const reset = globalThis.__resetDocument;
  globalThis.__resetDocument = function (...args) { version++; return reset.apply(this, args); };

  let seenVersion = -1, seenDoc = null, styleEl = null;
  let rulesText = null, rules = null;
  globalThis.__getCssRules = function () {
    const doc = globalThis.__document;
    if (seenVersion !== version || seenDoc !== doc) {
      styleEl = doc && doc.querySelector ? doc.querySelector("style") : null;
      seenVersion = version; seenDoc = doc;
    }
    const text = styleEl ? styleEl.textContent : "";
    if (rulesText === text && rules) return rules;
    const out = [];
    const re = /([^{}]+)\{([^{}]*)\}/g;
    let m;
    while ((m = re.exec(text || ""))) {
      const selectors = m[1].trim();
      if (!selectors || selectors[0] === "@") continue;
      const decls = {};
      for (const part of m[2].split(";")) {
        const idx = part.indexOf(":");
        if (idx === -1) continue;
        const p = part.slice(0, idx).trim();
        const v = part.slice(idx + 1).trim();
        if (p) decls[p] = v;
      }
      out.push({ selectors, decls });
    }
    rules = out; rulesText = text;
    return rules;
  };

  // --- selector parsing, memoised (pure functions of the selector text) ---
  const listCache = new Map(), complexCache = new Map(), compoundCache = new Map();
  globalThis.__matches = function (el, sel) {
    let parts = listCache.get(sel);
    if (parts === undefined) {
      parts = __splitTopLevel(sel.trim(), (c) => c === ",").map(([p]) => p.trim());
      listCache.set(sel, parts);
    }
    for (const part of parts) if (__matchesSimple(el, part)) return true;
    return false;
  };
  const parseComplex = globalThis.__parseComplex;
  globalThis.__parseComplex = function (sel) {
    let chain = complexCache.get(sel);
    if (chain === undefined) { chain = parseComplex(sel); complexCache.set(sel, chain); }
    return chain;
  };
  function compileCompound(part) {
    const notRe = /:not\(([^()]*)\)/g;
    const nots = [];
    let nm;
    while ((nm = notRe.exec(part))) nots.push(nm[1]);
    const rest = part.replace(notRe, "");
    const re = /(#[\w-]+|\.[\w-]+|\[[^\]]+\]|:[\w-]+|[\w-]+|\*)/g;
    const tokens = [];
    let m;
    while ((m = re.exec(rest))) {
      const t = m[0];
      if (t === "*") continue;
      if (t[0] === "[") {
        const am = /\[([\w-]+)(?:([~^$*|]?=)"?([^"\]]*)"?)?\]/.exec(t);
        tokens.push({ kind: "[", am });
      } else if (t[0] === "#" || t[0] === "." || t[0] === ":") {
        tokens.push({ kind: t[0], value: t[0] === ":" ? t : t.slice(1) });
      } else {
        tokens.push({ kind: "tag", value: t.toLowerCase() });
      }
    }
    return { nots, tokens };
  }
  globalThis.__matchesCompound = function (el, part) {
    let c = compoundCache.get(part);
    if (c === undefined) { c = compileCompound(part); compoundCache.set(part, c); }
    for (const inner of c.nots) if (__matchesCompound(el, inner)) return false;
    for (const t of c.tokens) {
      switch (t.kind) {
        case "#": if (el.getAttribute("id") !== t.value) return false; break;
        case ".": if (!el.classList.contains(t.value)) return false; break;
        case ":": {
          const siblings = el.parentNode ? el.parentNode.childNodes.filter((n) => n.nodeType === 1) : [];
          if (t.value === ":first-child") { if (siblings[0] !== el) return false; }
          else if (t.value === ":last-child") { if (siblings[siblings.length - 1] !== el) return false; }
          else return false;
          break;
        }
        case "[": {
          const am = t.am;
          if (am) {
            const val = el.getAttribute(am[1]);
            if (am[2] === undefined) { if (val === null) return false; }
            else if (val !== am[3]) return false;
          }
          break;
        }
        default: if ((el.tagName || "").toLowerCase() !== t.value) return false;
      }
    }
    return true;
  };

  // --- 3. stylesheet values per element, kept while tree, attributes and rules stay the same ---
  let attrVersion = 0;
  for (const name of ["setAttribute", "removeAttribute", "setAttributeNS", "removeAttributeNS"]) {
    const f = Element.prototype[name];
    Element.prototype[name] = function (...args) { attrVersion++; return f.apply(this, args); };
  }
  const materialize = globalThis.__materializeStyle;
  globalThis.__materializeStyle = function (...args) { attrVersion++; return materialize.apply(this, args); };
  const resolveCssProp = globalThis.__resolveCssProp;
  let memo = new WeakMap(), memoVersion = -1, memoAttrs = -1, memoRules = null;
  globalThis.__resolveCssProp = function (el, prop) {
    const current = __getCssRules();
    if (memoVersion !== version || memoAttrs !== attrVersion || memoRules !== current) {
      memo = new WeakMap(); memoVersion = version; memoAttrs = attrVersion; memoRules = current;
    }
    let props = memo.get(el);
    if (props === undefined) { props = new Map(); memo.set(el, props); }
    if (props.has(prop)) return props.get(prop);
    const value = resolveCssProp(el, prop);
    props.set(prop, value);
    return value;
  };
})();
