/* Step-by-step flowchart guide: one question at a time, big answer buttons, Back and Start again,
   ending on an outcome card; and the diagram's drawing, put into the hosted page once it has
   loaded (loadDiagram). Reads the graph from the JSON named by data-graph (relative to the
   page), or from the JSON script inside the container (the offline copy) and builds every element with createElement/textContent, never innerHTML. Without
   JavaScript (or if the JSON cannot load) the container stays hidden and the diagram and the
   text version remain. Re-initialises on Material's instant navigation (document$), else on
   DOMContentLoaded. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : m;
    });
  }

  function safeHref(href) {
    return /^(https?:|mailto:|tel:|#|\.\.?\/|[^:]*$)/i.test(href) ? href : null;
  }

  /* prose from the JSON (schema version 2): a list of segments, each
     {kind: "text", text} | {kind: "strong"|"em", children} | {kind: "link", href, children} */
  function prose(parent, segments) {
    (segments || []).forEach(function (s) {
      var node;
      if (s.kind === "strong" || s.kind === "em") {
        node = prose(el(s.kind), s.children);
      } else if (s.kind === "link") {
        node = prose(el("a"), s.children);
        if (safeHref(s.href)) node.href = s.href;
      } else {
        node = document.createTextNode(s.text || "");
      }
      parent.appendChild(node);
    });
    return parent;
  }

  function setup(mount) {
    if (mount.dataset.hbReady) return;
    mount.dataset.hbReady = "1";
    /* the offline copy carries the graph in the page: a page opened from files cannot fetch */
    var inline = mount.querySelector("script.hb-guide__graph");
    var url = new URL(mount.getAttribute("data-graph"), window.location.href);
    var loaded = inline
      ? Promise.resolve().then(function () { return JSON.parse(inline.textContent); })
      : fetch(url.href, { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    loaded
      .then(function (graph) {
        if (graph.version !== 2 || !graph.questions[graph.start]) throw new Error("graph");
        run(mount, graph);
      })
      .catch(function () {
        /* leave the guide hidden (flowchart.css keeps its room while it loads; give that
           back); the diagram and list remain */
        mount.classList.add("hb-guide--failed");
      });
  }

  function run(mount, graph) {
    var words = graph.strings;
    var body = mount.querySelector(".hb-guide__body") || mount.appendChild(el("div", "hb-guide__body"));
    var uid = "hb-guide-" + Math.random().toString(36).slice(2, 8);
    var live = el("p", "hb-guide__status");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    var step = el("div", "hb-guide__step");
    var nav = el("div", "hb-guide__nav");
    var back = el("button", "hb-guide__back", words.back);
    var again = el("button", "hb-guide__again", words.start_over);
    back.type = "button";
    again.type = "button";
    nav.appendChild(back);
    nav.appendChild(again);
    body.textContent = "";
    body.appendChild(step);
    body.appendChild(nav);
    body.appendChild(live);
    var trail = [graph.start];

    back.addEventListener("click", function () {
      if (trail.length > 1) { trail.pop(); show(true); }
    });
    again.addEventListener("click", function () {
      trail = [graph.start];
      show(true);
    });

    function questionStep(q, number) {
      var headingId = uid + "-q";
      step.appendChild(el("p", "hb-guide__progress", fmt(words.question_number, { number: number })));
      var h = el("h3", "hb-guide__question", q.question);
      h.id = headingId;
      h.tabIndex = -1;
      step.appendChild(h);
      if (q.help) step.appendChild(prose(el("p", "hb-guide__help"), q.help));
      if (q.signs && q.signs.length) {
        var signs = el("ul", "hb-guide__signs");
        q.signs.forEach(function (sign) { signs.appendChild(prose(el("li"), sign)); });
        step.appendChild(signs);
      }
      var answers = el("div", "hb-guide__answers");
      answers.setAttribute("role", "group");
      answers.setAttribute("aria-labelledby", headingId);
      q.answers.forEach(function (a) {
        var b = el("button", "hb-guide__answer", a.label);
        b.type = "button";
        b.addEventListener("click", function () {
          if (!graph.questions[a.next] && !graph.outcomes[a.next]) return;
          mount.classList.add("hb-guide--started");  /* its room may shrink now */
          trail.push(a.next);
          show(true);
        });
        answers.appendChild(b);
      });
      step.appendChild(answers);
      return h;
    }

    function outcomeStep(o) {
      step.appendChild(el("p", "hb-guide__progress", words.result));
      var colour = /^[a-z]+$/.test(o.colour) ? o.colour : "grey";
      var card = el("section", "hb-outcome hb-care--" + colour);
      card.appendChild(el("p", "hb-outcome__action", o.tier_label));
      var h = el("h3", "hb-outcome__title", o.title);
      h.tabIndex = -1;
      card.appendChild(h);
      card.appendChild(prose(el("p", "hb-outcome__tier"), o.action));
      card.appendChild(prose(el("p", "hb-outcome__text"), o.text));
      if (o.conditions.length) {
        card.appendChild(el("p", "hb-outcome__linked", words.linked_to));
        var list = el("ul", "hb-outcome__conditions");
        o.conditions.forEach(function (c) {
          var li = el("li");
          var a = el("a", null, c.name);
          if (safeHref(c.url)) a.href = c.url;
          li.appendChild(a);
          list.appendChild(li);
        });
        card.appendChild(list);
      }
      card.appendChild(el("p", "hb-outcome__confirm", words.confirm));
      step.appendChild(card);
      return h;
    }

    function show(moveFocus) {
      var id = trail[trail.length - 1];
      step.textContent = "";
      var heading;
      var questionsAsked = trail.filter(function (t) { return graph.questions[t]; }).length;
      if (graph.questions[id]) {
        heading = questionStep(graph.questions[id], questionsAsked);
        live.textContent = moveFocus ? fmt(words.question_number, { number: questionsAsked }) : "";
      } else {
        heading = outcomeStep(graph.outcomes[id]);
        live.textContent = words.result + ": " + graph.outcomes[id].tier_label;
      }
      back.hidden = trail.length < 2;
      again.hidden = trail.length < 2;
      if (moveFocus) heading.focus();
    }

    mount.hidden = false;
    show(false);
  }

  /* On a narrow screen, scroll the diagram so its first question is in view. */
  function centreDiagram() {
    document.querySelectorAll(".hb-flowchart__scroll[data-hb-start]").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) return;
      var start = box.getAttribute("data-hb-start");
      var node = box.querySelector('g.node[id*="-flowchart-' + start + '-"]');
      if (!node || !node.getBoundingClientRect) return;
      var r = node.getBoundingClientRect();
      var b = box.getBoundingClientRect();
      box.scrollLeft += r.left + r.width / 2 - (b.left + b.width / 2);
    });
  }

  /* The hosted page names its drawing (data-hb-svg) instead of carrying it: about 100 KB and
     800 elements that would hold up the page's first paint. Once the page has loaded it is
     fetched and put in place of the empty <svg> slot of its size (so nothing moves). If it
     cannot load, the figure goes away and the text version remains. */
  function loadDiagram(box) {
    if (box.dataset.hbLoading) return;
    box.dataset.hbLoading = "1";
    var url = new URL(box.getAttribute("data-hb-svg"), window.location.href);
    fetch(url.href, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (text) {
        var parsed = new DOMParser().parseFromString(text, "image/svg+xml");
        var svg = parsed.documentElement;
        var slot = box.querySelector(".hb-flowchart__slot");
        if (!slot || svg.localName !== "svg" || svg.namespaceURI !== "http://www.w3.org/2000/svg" ||
            parsed.getElementsByTagName("parsererror").length) throw new Error("svg");
        box.replaceChild(document.adoptNode(svg), slot);
        centreDiagram();
      })
      .catch(function () {
        var figure = box.closest(".hb-flowchart");
        if (figure) figure.classList.add("hb-flowchart--failed");
      });
  }

  function loadDiagrams() {
    document.querySelectorAll(".hb-flowchart__scroll[data-hb-svg]").forEach(loadDiagram);
  }

  function init() {
    document.querySelectorAll(".hb-guide[data-graph]").forEach(setup);
    centreDiagram();
    if (document.readyState === "complete") loadDiagrams();
    else window.addEventListener("load", loadDiagrams, { once: true });
  }

  function boot() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else {
      init();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", boot);
  } else {
    boot();
  }
})();
