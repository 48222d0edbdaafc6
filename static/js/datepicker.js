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
  // The server prefills the box in Persian digits, which the picker cannot read: with the
  // picker on, the box holds the Latin digits it reads and writes (the server accepts both).
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
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
  }

  Array.prototype.forEach.call(boxes, function (box) {
    box.value = box.value.replace(/[۰-۹]/g, function (digit) { return String(PERSIAN.indexOf(digit)); });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button date-picker-button";
    button.textContent = labels.pickerOpen;
    button.setAttribute("aria-label", labels.pickerOpen + ": " + (box.labels && box.labels[0] ? box.labels[0].textContent.trim() : ""));
    button.addEventListener("click", function (event) {
      // The picker closes itself on any click outside the box; this click must not count as one.
      event.stopPropagation();
      picker.show(box);
      watch();
    });
    // Once a day is picked, the reader goes on from the box, not from the button.
    box.addEventListener("jdp:change", function () { box.focus(); });
    var wrap = document.createElement("span");
    wrap.className = "date-with-picker";
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(box);
    wrap.appendChild(button);
  });
})();
