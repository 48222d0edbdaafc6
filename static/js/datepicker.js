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
    // The picker draws its buttons and days as <div>s: make them reachable with Tab and Enter.
    Array.prototype.forEach.call(container.querySelectorAll(ACTIONS), function (control) {
      if (!control.hasAttribute("tabindex")) {
        control.setAttribute("tabindex", "0");
        control.setAttribute("role", "button");
      }
    });
    // A redraw (a new month or year) replaces the control that had focus: focus its successor.
    if (open && !container.contains(document.activeElement) && lastFocused) {
      var again = container.querySelector(lastFocused) || focusables(container)[0];
      if (again) {
        again.focus();
      }
    }
  }
  // (Not its + and - icons, which have no name: the month and year lists do what they do.)
  var ACTIONS = ".jdp-day:not(.disabled-day):not(.not-in-month), .jdp-btn-close, .jdp-btn-today, .jdp-btn-empty";
  var lastFocused = null; // what had focus inside the picker, as a selector that finds it after a redraw
  function focusables(container) {
    return Array.prototype.filter.call(
      container.querySelectorAll("select, input, button, [tabindex]:not([tabindex='-1'])"),
      function (element) { return !element.disabled && element.offsetParent !== null; }
    );
  }
  function keyOf(element) {
    if (element.matches(".jdp-year select, .jdp-year input")) { return ".jdp-year select, .jdp-year input"; }
    if (element.matches(".jdp-month select")) { return ".jdp-month select"; }
    var kinds = [".jdp-btn-close", ".jdp-btn-today", ".jdp-btn-empty"];
    for (var i = 0; i < kinds.length; i++) {
      if (element.matches(kinds[i])) { return kinds[i]; }
    }
    return null;
  }
  // While the picker is open, focus stays in it: Tab and Shift+Tab go round its controls, Escape
  // closes it (at once, even while it is still fading in) and gives focus back to its box.
  document.addEventListener("keydown", function (event) {
    var container = document.querySelector("jdp-container");
    if (!open || !container || container.style.visibility === "hidden") {
      return;
    }
    var box = open;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation(); // the picker's own handler would blur the box, or ignore the key while it fades in
      picker.hide();
      box.focus();
      return;
    }
    if (event.key === "Tab") {
      var controls = focusables(container);
      if (!controls.length) {
        return;
      }
      var index = controls.indexOf(document.activeElement);
      var next = event.shiftKey ? (index <= 0 ? controls.length - 1 : index - 1) : (index === -1 || index === controls.length - 1 ? 0 : index + 1);
      event.preventDefault();
      controls[next].focus();
      return;
    }
    if ((event.key === "Enter" || event.key === " ") && container.contains(event.target) && event.target.getAttribute("role") === "button") {
      event.preventDefault();
      event.target.click();
    }
  }, true);
  document.addEventListener("focusin", function (event) {
    var container = document.querySelector("jdp-container");
    if (container && container.contains(event.target)) {
      lastFocused = keyOf(event.target);
    }
  });
  var watching = false;
  function watch() {
    var container = document.querySelector("jdp-container");
    if (!container || watching) {
      return;
    }
    watching = true;
    describe(container);
    new MutationObserver(function () { describe(container); }).observe(container, { childList: true, subtree: true });
    // Closed without a pick (Escape, the close button, a click outside): Persian digits again, and
    // focus back on the box when it was in the picker.
    new MutationObserver(function () {
      if (open && container.style.visibility === "hidden") {
        var box = open;
        box.value = persianDigits(box.value);
        open = null;
        if (!document.activeElement || document.activeElement === document.body || container.contains(document.activeElement)) {
          box.focus();
        }
      } else if (!open && container.style.visibility !== "hidden") {
        // The picker shows itself again 300 ms after it opens (the end of its fade-in), even when it
        // was closed meanwhile: a close click in that moment seemed ignored. Closed stays closed.
        picker.hide();
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
      lastFocused = null;
      picker.show(box);
      box.value = persianDigits(box.value);
      watch();
      // Focus goes into the picker (its day, else its first control), where it stays until it closes.
      var container = document.querySelector("jdp-container");
      describe(container);
      var first = container.querySelector(".jdp-day.selected[tabindex]") || focusables(container)[0];
      if (first) {
        first.focus();
      }
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
