// One-line embed of a Parlour booking form:
//   <script src="https://parlour.example/bookform/5/embed.js"></script>
// puts the form in an iframe right where the tag is and keeps the frame as tall as the form.
(function () {
  "use strict";
  const script = document.currentScript;
  if (!script) return;
  const url = new URL(script.src);
  const formUrl = url.href.replace(/\/embed\.js(\?.*)?$/, "");
  const form = formUrl.split("/").pop();
  const frame = document.createElement("iframe");
  frame.src = formUrl + url.search;
  frame.title = script.dataset.title || "Online booking";
  frame.style.cssText = "width:100%;max-width:40rem;border:0;height:640px;display:block";
  frame.setAttribute("loading", "lazy");
  script.after(frame);
  window.addEventListener("message", (e) => {
    const d = e.data;
    if (e.origin !== url.origin || !d || d.parlour !== "bookform-height") return;
    if (String(d.form) === form && e.source === frame.contentWindow) {
      frame.style.height = Math.ceil(d.height) + 8 + "px";
    }
  });
})();
