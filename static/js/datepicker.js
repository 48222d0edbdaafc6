// Progressive enhancement: the date box works when typed into (and without JavaScript). With
// JavaScript, a button beside it opens a Jalali calendar; focusing or typing in the box never
// opens it, so the calendar (a full-width sheet on a phone) never covers what is being typed.
// Bounds come from data-jdp-min-date/-max-date, which the server checks again. The labels come
// from the box's data-picker-* attributes, translated by the server (agreement/fields.py).
(function () {
  "use strict";
  var picker = window.jalaliDatepicker;
  if (!picker) {
    return;
  }
  var boxes = document.querySelectorAll("input[data-jdp]");
  if (!boxes.length) {
    return;
  }
  // The box shows Persian digits, as the server prefills it; the server accepts any digits. The
  // picker reads and writes only Latin digits: it gets them for the moment it opens, and the box
  // turns back to Persian digits at once, when a day is picked, when it closes, and after typing.
  // The digits are static/js/jalali.js's (base.html loads it first).
  var persianDigits = window.peymanDates.persianDigits;
  var latinDigits = window.peymanDates.latinDigits;
  var open = null; // the box whose picker is showing
  var labels = boxes[0].dataset;
  picker.startWatch({
    minDate: "attr",
    maxDate: "attr",
    persianDigits: true,
    // Inside <main>, so that the calendar is part of the page's landmarks for a screen reader.
    container: document.querySelector("main") ? "main" : "body",
    autoShow: false,
    autoReadOnlyInput: false,
    showCloseBtn: true,
    hideAfterChange: true,
  });

  // The picker redraws itself on every change of month or year: name its controls each time.
  function describe(container) {
    Array.prototype.forEach.call(container.querySelectorAll(".jdp-year select, .jdp-year input"), function (control) {
      control.setAttribute("aria-label", labels.pickerYear);
    });
    Array.prototype.forEach.call(container.querySelectorAll(".jdp-month select"), function (control) {
      control.setAttribute("aria-label", labels.pickerMonth);
    });
    Array.prototype.forEach.call(container.querySelectorAll(".jdp-day.disabled-day"), function (day) {
      day.setAttribute("aria-disabled", "true");
    });
  }
  var watching = false;
  function watch() {
    var container = document.querySelector("jdp-container");
    if (!container || watching) {
      return;
    }
    watching = true;
    describe(container);
    new MutationObserver(function () { describe(container); }).observe(container, { childList: true, subtree: true });
    // Closed without a pick (Escape, the close button, a click outside): Persian digits again.
    new MutationObserver(function () {
      if (open && container.style.visibility === "hidden") {
        open.value = persianDigits(open.value);
        open = null;
      }
    }).observe(container, { attributes: true, attributeFilter: ["style"] });
  }

  Array.prototype.forEach.call(boxes, function (box) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button date-picker-button";
    button.textContent = labels.pickerOpen;
    button.setAttribute("aria-label", labels.pickerOpen + ": " + (box.labels && box.labels[0] ? box.labels[0].textContent.trim() : ""));
    button.addEventListener("click", function (event) {
      // The picker closes itself on any click outside the box; this click must not count as one.
      event.stopPropagation();
      // The picker reads the day to show from the box, in Latin digits, once as it opens; the box
      // goes back to Persian digits at once, so the reader never sees Latin digits behind it.
      box.value = latinDigits(box.value);
      open = box;
      picker.show(box);
      box.value = persianDigits(box.value);
      watch();
    });
    // Once a day is picked, the reader goes on from the box, not from the button.
    box.addEventListener("jdp:change", function () {
      box.value = persianDigits(box.value);
      box.focus();
    });
    // Typed in Latin or Arabic-Indic digits: shown in Persian once the reader leaves the box.
    box.addEventListener("change", function () {
      if (open !== box) {
        box.value = persianDigits(box.value);
      }
    });
    var wrap = document.createElement("span");
    wrap.className = "date-with-picker";
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(box);
    wrap.appendChild(button);
  });
})();
