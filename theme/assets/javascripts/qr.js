/* Draws the QR codes of printed pages (posters, form sheets) where they are shown.
 *
 * The generator writes an empty slot, <span class="yl-qr" data-qr="URL" data-qr-title="…">;
 * encoding the codes in the browser, a page's dozen at a time, rather than in the build
 * keeps a city's build from encoding hundreds of thousands of them (see generator/qr.py).
 * The encoder is Kazuhiko Arase's qrcode-generator (MIT), kept beside this file: nothing
 * is fetched from anywhere else. Without scripts the page still shows the address.
 */
(function () {
  "use strict";

  var slots = document.querySelectorAll(".yl-qr[data-qr]");
  if (!slots.length) {
    return;
  }

  function draw(slot) {
    var code = qrcode(0, "M");
    code.addData(slot.getAttribute("data-qr"));
    code.make();
    // scalable: a viewBox and no fixed size, so the stylesheet sizes it (6 cm on a poster, 3 cm on a form)
    slot.innerHTML = code.createSvgTag({ cellSize: 1, margin: 2, scalable: true });
    var svg = slot.firstElementChild;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", slot.getAttribute("data-qr-title") || "二维码");
    svg.setAttribute("shape-rendering", "crispEdges");
  }

  function drawAll() {
    slots.forEach(draw);
  }

  if (typeof qrcode === "function") {
    drawAll();
    return;
  }
  // On a page of the site the encoder is loaded only where there is a code to draw.
  var encoder = document.createElement("script");
  encoder.src = document.currentScript.src.replace(/qr\.js(\?.*)?$/, "vendor/qrcode-generator-2.0.4.js");
  encoder.onload = drawAll;
  document.head.appendChild(encoder);
})();
