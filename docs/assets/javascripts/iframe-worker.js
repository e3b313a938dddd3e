// ScaleDown: a stand-in for Web Workers when the site is opened from disk (file://).
//
// Search runs in a Web Worker, and browsers refuse to start one from a file:// address.
// In that case only, this replaces window.Worker with a small class that runs the
// worker's script in a hidden iframe of the same page and passes messages both ways.
// It is added only to offline builds (`make offline`), and does nothing over http(s).
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.EventTarget === "undefined") {
    return;
  }

  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      doc.head.appendChild(script);
    });
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this._pending = [];
      this._ready = false;
      var src = new URL(String(url), document.baseURI).href;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "search worker";
      (document.body || document.documentElement).appendChild(frame);
      this._frame = frame;
      var inner = frame.contentWindow;
      var self = this;
      // Inside the frame, the worker's global postMessage answers the page.
      inner.postMessage = function (data) {
        setTimeout(function () { self._receive(data); }, 0);
      };
      // Worker scripts may load more scripts; here that is asynchronous, so it
      // returns a promise (Material's search worker waits for it).
      inner.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, next) {
          return done.then(function () {
            return loadScript(inner.document, new URL(next, src).href);
          });
        }, Promise.resolve());
      };
      loadScript(inner.document, src).then(function () {
        self._ready = true;
        self._pending.splice(0).forEach(function (data) { self._send(data); });
      }, function (error) {
        var event = new ErrorEvent("error", { message: error.message });
        self.dispatchEvent(event);
        if (typeof self.onerror === "function") { self.onerror(event); }
      });
    }

    postMessage(data) {
      if (this._ready) { this._send(data); } else { this._pending.push(data); }
    }

    terminate() {
      this._frame.remove();
    }

    _send(data) {
      var inner = this._frame.contentWindow;
      setTimeout(function () {
        inner.dispatchEvent(new inner.MessageEvent("message", { data: data }));
      }, 0);
    }

    _receive(data) {
      var event = new MessageEvent("message", { data: data });
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function") { this.onmessage(event); }
    }
  }

  // Material's search worker looks for this name to find its language files.
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
