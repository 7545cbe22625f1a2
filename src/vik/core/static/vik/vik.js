// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Idle timeout (vik.core.idle): warn before the server signs the user out, offer to stay, and
  // tell the server about activity in the page (typing a long form) at most once a minute.
  const warning = document.getElementById("idle-warning");
  if (warning) {
    const idle = Number(warning.dataset.idle) * 1000;
    const warn = Number(warning.dataset.warn) * 1000;
    const token = (document.body.getAttribute("hx-headers") || "").match(/"X-CSRFToken": "([^"]+)"/);
    let warnTimer, endTimer, lastPing = Date.now();
    const ping = () => {
      lastPing = Date.now();
      return fetch(warning.dataset.keepalive, {
        method: "POST", credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token[1] } : {},
      });
    };
    const arm = () => {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warning.hidden = true;
      warnTimer = setTimeout(() => { warning.hidden = false; warning.querySelector("button").focus(); },
                             Math.max(0, idle - warn));
      endTimer = setTimeout(() => window.location.reload(), idle + 1000);
    };
    warning.querySelector("[data-keepalive-button]").addEventListener("click", () => ping().then(arm));
    ["keydown", "input", "click"].forEach((type) => document.addEventListener(type, (event) => {
      if (warning.contains(event.target)) return;
      if (warning.hidden && Date.now() - lastPing > 60000) ping().then(arm);
    }));
    arm();
  }
  // A choice that submits its form at once (the language menu). No inline handlers: the content
  // security policy allows only scripts from our own static files.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // Ask for confirmation before destructive or irreversible actions.
  // Listened for on the document, before anything else (capture), so that a form a panel brings
  // in later (htmx) asks too, and a "no" also stops htmx's own request (tester t35: "Sessie
  // afronden" in a swapped panel ended the session without asking).
  document.addEventListener("submit", (event) => {
    const form = event.target.closest && event.target.closest("form[data-confirm]");
    if (!form) return;
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    // Confirmed here: the server need not ask again (vik.core.confirm, for forms sent without script).
    const asked = form.querySelector('input[name="vik_confirm"]');
    if (asked) asked.value = "yes";
  }, true);
  // A field that applies to one choice only (the punishment to the outcome "plichtsverzuim met
  // straf"): disabled, and shown so, while another is chosen; a disabled field is not sent
  // (`data-only-when="outcome=breach_measure"`; tester t50 chose a punishment for "no breach").
  const applyOnlyWhen = (root) => {
    root.querySelectorAll("[data-only-when]").forEach((control) => {
      const [name, value] = control.dataset.onlyWhen.split("=");
      const form = control.form;
      if (!form) return;
      const chosen = form.querySelector(`input[name="${name}"]:checked, select[name="${name}"]`);
      const on = Boolean(chosen) && chosen.value === value;
      control.disabled = !on;
      const row = control.closest(".field");
      if (row) row.classList.toggle("inactive", !on);
    });
  };
  applyOnlyWhen(document);
  document.addEventListener("change", (event) => {
    if (event.target.form) applyOnlyWhen(event.target.form);
  });
  // After an act the page may open at the part it concerns (…/#afspraken): its message then stood
  // at the top, out of view (tester t56). Put the messages at the top of that part instead.
  if (location.hash.length > 1) {
    const list = document.querySelector("#messages .messages");
    let part = null;
    try {
      part = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (malformed) {  // a hand-typed "#%E0": leave the page as it is
      part = null;
    }
    if (list && part && part.tagName !== "DETAILS") {
      part.insertBefore(list, part.firstElementChild ? part.firstElementChild.nextSibling : null);
    }
  }
  // A case act's fields arrive when its section is opened (htmx): then show its button and put
  // the cursor in its first field. Without JavaScript the section holds a link to the page with
  // that form in it instead, and the button stays hidden.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const holder = event.detail.target;
    if (holder.querySelectorAll) applyOnlyWhen(holder);  // fields that arrived with it
    if (!holder.classList || !holder.classList.contains("action-fields")) return;
    holder.closest("form").querySelectorAll("[data-after-fields]").forEach((button) => { button.hidden = false; });
    const first = holder.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
      // A prefilled date or text is selected, so typing replaces it (tester t27: a date typed in
      // front of today's became "15-11-202601-12-2026").
      if (first.tagName === "INPUT" && first.value) first.select();  // (not a long text: one key would replace it)
    }
  });
  // The fields could not be loaded (server error, no network): say so beside the link.
  ["htmx:responseError", "htmx:sendError"].forEach((type) => document.body.addEventListener(type, (event) => {
    const holder = event.detail.elt;
    if (!holder.classList || !holder.classList.contains("action-fields")) return;
    holder.querySelectorAll("[data-load-failed]").forEach((note) => { note.hidden = false; });
  }));
  // A text field's limit (core/limit.html, "Maximaal 4.000 tekens") counts down what is left as the
  // user types. A screen reader hears it only in the last tenth, and then after a pause in typing,
  // not at every key. The browser counts a line break as one, like the server (core.apps).
  const lang = document.documentElement.lang || undefined;
  const setUpLimits = (root) => {
    const hints = [...(root.matches && root.matches("[data-limit]") ? [root] : []),
                   ...root.querySelectorAll("[data-limit]")];
    hints.forEach((hint) => {
      const control = document.getElementById(hint.dataset.limitFor);
      if (!control || hint.dataset.limitReady) return;
      hint.dataset.limitReady = "yes";
      const limit = Number(hint.dataset.limit);
      const count = hint.querySelector("[data-limit-count]");
      const live = document.createElement("span");
      live.className = "sr-only";
      live.setAttribute("aria-live", "polite");
      live.dataset.limitLive = "";
      hint.after(live);
      let pause;
      const update = (announce) => {
        const over = control.value.length - limit;
        clearTimeout(pause);
        if (over > 0) {
          // A text longer than the limit (one the server refused and gave back to be shortened):
          // say how much too long, not "nog 0 over" (tester t36).
          const m = over.toLocaleString(lang);
          count.textContent = ", " + hint.dataset.limitOver.replace("{n}", m);
          hint.classList.add("over");
          if (announce) pause = setTimeout(() => { live.textContent = hint.dataset.limitSayOver.replace("{n}", m); }, 1000);
          return;
        }
        hint.classList.remove("over");
        const left = limit - control.value.length;
        const n = left.toLocaleString(lang);
        count.textContent = control.value ? ", " + hint.dataset.limitLeft.replace("{n}", n) : "";
        if (left > limit / 10) { live.textContent = ""; return; }
        if (!announce) return;
        const say = (left === 1 ? hint.dataset.limitSayOne : hint.dataset.limitSay).replace("{n}", n);
        pause = setTimeout(() => { live.textContent = say; }, 1000);
      };
      control.addEventListener("input", () => update(true));
      update(false);
    });
  };
  setUpLimits(document);
  // Fields that arrive later (a case act's fields, htmx) get theirs too.
  document.body.addEventListener("htmx:load", (event) => setUpLimits(event.detail.elt));
  // Open the <details> that holds a form with errors, and focus its first field.
  const invalid = document.querySelector(".errorlist");
  if (invalid) {
    const details = invalid.closest("details");
    if (details) details.open = true;
    const field = invalid.parentElement.querySelector("input:not([type=hidden]), select, textarea");
    if (field) field.focus({ preventScroll: true });
    // The error in view, also one about the whole form (above its first field: tester t30).
    invalid.scrollIntoView({ block: "center" });
  }
});
