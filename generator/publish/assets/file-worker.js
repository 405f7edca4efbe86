/* The offline copy's stand-in for Web Workers (only that copy loads this file, as Material's
   "polyfills"). Opened from files (file://), a page may not start a worker, and Material's site
   search runs in one. This runs the same worker script in a hidden frame of the page instead: the
   frame's document is written in place (srcdoc), so it shares the page's origin and its
   Content-Security-Policy, and the only script in it is the worker file itself. Messages go in as
   "message" events on the frame's window and come out through its postMessage, which is replaced
   before the first message is delivered. Only what Material's search uses of the Worker API is
   here: postMessage, onmessage, add/removeEventListener("message"), terminate. A search in
   another language (Arabic) loads its word rules with importScripts, which a frame lacks: the
   frame gets one that adds the scripts to it in order and returns a promise (Material's worker
   waits for it), and the page is marked "IFrameWorker", the name Material's worker looks for to
   find those scripts beside its own file rather than beside the frame. A served site never
   loads this file. Plain ES5 syntax, no dependencies. */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;

  function attr(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }

  function FileWorker(url) {
    var worker = this;
    var listeners = [];
    var pending = [];
    var scope = null;
    var frame = document.createElement("iframe");
    worker.onmessage = null;

    function deliver(data) {
      var event = new MessageEvent("message", { data: data });
      if (typeof worker.onmessage === "function") worker.onmessage(event);
      listeners.slice().forEach(function (fn) { fn.call(worker, event); });
    }

    function load(url) {
      return new Promise(function (resolve, reject) {
        var script = scope.document.createElement("script");
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("cannot load " + url)); };
        script.src = new URL(String(url), window.location.href).href;
        scope.document.head.appendChild(script);
      });
    }

    function importScripts() {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, url) {
        return done.then(function () { return load(url); });
      }, Promise.resolve());
    }

    function send(data) {
      scope.dispatchEvent(new MessageEvent("message", { data: data }));
    }

    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    frame.title = "search";
    frame.srcdoc = '<!doctype html><meta charset="utf-8"><script src="' +
      attr(new URL(String(url), window.location.href).href) + '"></script>';
    frame.addEventListener("load", function () {
      scope = frame.contentWindow;
      /* the worker answers with postMessage(result): hand it to the page, as a worker would,
         after the current task */
      scope.postMessage = function (data) {
        window.setTimeout(function () { deliver(data); }, 0);
      };
      scope.importScripts = importScripts;
      pending.splice(0).forEach(send);
    });

    worker.postMessage = function (data) {
      if (scope) send(data);
      else pending.push(data);
    };
    worker.addEventListener = function (type, fn) {
      if (type === "message" && listeners.indexOf(fn) < 0) listeners.push(fn);
    };
    worker.removeEventListener = function (type, fn) {
      var at = listeners.indexOf(fn);
      if (type === "message" && at >= 0) listeners.splice(at, 1);
    };
    worker.terminate = function () {
      if (frame.parentNode) frame.parentNode.removeChild(frame);
      scope = null;
    };
    (document.body || document.documentElement).appendChild(frame);
  }

  window.Worker = FileWorker;
  window.IFrameWorker = FileWorker;
})();
