// The new-ticket form's requester picker: a type-ahead over the desk's contacts (20 at most per answer), and the
// site, configuration item and project lists swapped for the chosen requester's client. Without this file the form
// still works: "Find" lists the matches and the server checks everything.
(() => {
  const picker = document.querySelector("[data-requester-picker]");
  if (!picker) { return; }
  const form = picker.closest("form");
  const search = picker.querySelector("#requester-search");
  const options = picker.querySelector("#requester-options");
  const find = picker.querySelector("[data-requester-find]");
  const lists = document.getElementById("client-lists");
  const newContact = picker.querySelector("#new-contact");
  const findPart = picker.querySelector("#requester-find");
  const contactPart = picker.querySelector("#new-contact-fields");
  const contactClient = picker.querySelector("[data-contact-client]");
  let chosenLabel = search.value;
  let timer = 0;
  let asked = 0;
  let active = -1;

  const idField = () => {
    let field = form.querySelector("[data-requester-id]");
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden"; field.name = "Input.RequesterId"; field.setAttribute("data-requester-id", "");
      search.before(field);
    }
    return field;
  };

  const loadLists = async (query) => {
    const response = await fetch(picker.dataset.listsUrl + query, { headers: { Accept: "text/html" } });
    if (response.ok) { lists.innerHTML = await response.text(); }
  };

  const close = () => {
    options.hidden = true; options.replaceChildren(); active = -1;
    search.setAttribute("aria-expanded", "false"); search.removeAttribute("aria-activedescendant");
  };

  const choose = (item) => {
    idField().value = item.dataset.id;
    search.value = chosenLabel = item.dataset.label;
    close();
    picker.querySelector("fieldset.matches")?.remove();
    loadLists("&requesterId=" + encodeURIComponent(item.dataset.id));
  };

  const highlight = (index) => {
    const items = [...options.children];
    if (items.length === 0) { return; }
    active = (index + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
    search.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  };

  const show = (matches) => {
    options.replaceChildren(...matches.map((m, i) => {
      const li = document.createElement("li");
      li.id = "requester-option-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
      li.dataset.id = m.id; li.dataset.label = m.label;
      li.textContent = m.label;
      const email = document.createElement("span");
      email.className = "muted"; email.textContent = " " + m.email;
      li.append(email);
      li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(li); });
      return li;
    }));
    if (matches.length === 0) {
      const li = document.createElement("li");
      li.className = "muted"; li.setAttribute("role", "option"); li.setAttribute("aria-disabled", "true");
      li.textContent = "No contact matches. Check the spelling, or tick “New contact”.";
      options.append(li);
    }
    options.hidden = false; search.setAttribute("aria-expanded", "true");
  };

  const ask = async () => {
    const q = search.value.trim();
    if (q.length < 2) { close(); return; }
    const mine = ++asked;
    const response = await fetch(picker.dataset.searchUrl + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } });
    if (mine !== asked || !response.ok) { return; }
    show(await response.json());
  };

  search.addEventListener("input", () => {
    if (search.value !== chosenLabel && idField().value) {
      idField().value = ""; chosenLabel = "";
      loadLists("");
    }
    clearTimeout(timer);
    timer = setTimeout(ask, 200);
  });
  search.addEventListener("keydown", (e) => {
    const open = !options.hidden;
    if (e.key === "ArrowDown") { e.preventDefault(); if (open) { highlight(active + 1); } else { ask(); } }
    else if (e.key === "ArrowUp" && open) { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Enter" && open) {
      const item = options.children[active] ?? (options.children.length === 1 ? options.children[0] : null);
      if (item && item.dataset.id) { e.preventDefault(); choose(item); }
    }
    else if (e.key === "Escape" && open) { e.preventDefault(); close(); }
  });
  search.addEventListener("blur", () => setTimeout(close, 150));
  if (find) { find.hidden = true; }

  const switchParts = (reload) => {
    const adding = newContact.checked;
    findPart.hidden = adding;
    contactPart.hidden = !adding;
    if (reload) {
      const id = idField().value;
      loadLists(adding ? "&client=" + encodeURIComponent(contactClient.value) : id ? "&requesterId=" + encodeURIComponent(id) : "");
    }
  };
  newContact.addEventListener("change", () => switchParts(true));
  switchParts(false);

  let lastClient = contactClient.value;
  contactClient.addEventListener("change", () => {
    if (contactClient.value !== lastClient) { lastClient = contactClient.value; loadLists("&client=" + encodeURIComponent(contactClient.value)); }
  });
})();
