// @mentions in the ticket page's internal note: after "@" and a letter or two, a list of colleagues (the desk's only)
// to pick with the arrows and Enter, or the mouse; Escape closes it. Picking writes "@handle " in place of what was typed.
// Without this file the note works the same: type the handle (a colleague's e-mail address before the @).
(() => {
  const box = document.querySelector("[data-mentions]");
  if (!box) { return; }
  const text = box.querySelector("textarea");
  const options = box.querySelector("[role=listbox]");
  const internal = text.form?.querySelector("input[type=checkbox][name='Reply.Internal']");
  // The "@" must start a word (an address's "@" follows its local part), then the handle typed so far, up to the caret.
  const typed = /(^|[^A-Za-z0-9._+\-@/\\`])@([A-Za-z0-9._+\-]{1,64})$/;
  let timer = 0;
  let asked = 0;
  let active = -1;
  let token = null;

  const close = () => {
    options.hidden = true; options.replaceChildren(); active = -1; token = null;
    text.removeAttribute("aria-activedescendant");
  };

  const choose = (item) => {
    if (!token || !item?.dataset.handle) { return; }
    const before = text.value.slice(0, token.start);
    const after = text.value.slice(token.end);
    const insert = "@" + item.dataset.handle + (after.startsWith(" ") ? "" : " ");
    text.value = before + insert + after;
    const caret = before.length + insert.length;
    text.setSelectionRange(caret, caret);
    close();
    text.focus();
  };

  const highlight = (index) => {
    const items = [...options.querySelectorAll("[data-handle]")];
    if (items.length === 0) { return; }
    active = (index + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
    text.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  };

  const show = (people) => {
    options.replaceChildren(...people.map((p, i) => {
      const li = document.createElement("li");
      li.id = "mention-option-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.dataset.handle = p.handle;
      li.textContent = p.displayName;
      const handle = document.createElement("span");
      handle.className = "muted"; handle.textContent = " @" + p.handle;
      li.append(handle);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(li); });
      return li;
    }));
    if (people.length === 0) {
      const li = document.createElement("li");
      li.className = "muted"; li.setAttribute("role", "option"); li.setAttribute("aria-disabled", "true");
      li.textContent = "Nobody on the desk matches.";
      options.append(li);
    }
    options.hidden = false;
    highlight(0);
  };

  const ask = async () => {
    const caret = text.selectionStart;
    const match = (internal && !internal.checked) || caret !== text.selectionEnd ? null : typed.exec(text.value.slice(0, caret));
    if (!match) { close(); return; }
    token = { start: caret - match[2].length - 1, end: caret };
    const mine = ++asked;
    const response = await fetch(box.dataset.mentionableUrl + "&q=" + encodeURIComponent(match[2]), { headers: { Accept: "application/json" } });
    if (mine !== asked || !response.ok || !token) { return; }
    show(await response.json());
  };

  text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 150); });
  text.addEventListener("keydown", (e) => {
    if (options.hidden) { return; }
    if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Enter" || e.key === "Tab") {
      const item = options.querySelectorAll("[data-handle]")[active];
      if (item) { e.preventDefault(); choose(item); }
    }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
  });
  text.addEventListener("blur", () => setTimeout(close, 150));
  internal?.addEventListener("change", close);
})();
