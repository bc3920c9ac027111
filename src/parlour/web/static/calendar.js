// Parlour staff calendar: B2B operations with the signed-in user's token.
(function () {
  "use strict";
  const body = document.body;
  const API = body.dataset.api;
  const PARTNER = body.dataset.partner;
  const KEY = "parlour.web.user";
  const POLL_MS = 5000;
  const COLOURS = { "0": "#2f6fde", "2": "#b7791f", "1": "#2e8b57", "-1": "#c0392b" };
  const STATUS = { "0": "Waiting", "2": "Confirmed", "1": "Arrived", "-1": "No-show" };
  const $ = (id) => document.getElementById(id);
  let user = JSON.parse(sessionStorage.getItem(KEY) || "null");
  let loc = null;
  let staff = [];
  let services = [];
  let ec = null;
  let current = null; // the record open in the dialog
  let clicked = null; // {date, staffId} of a free-slot click

  async function call(method, path, payload) {
    let auth = "Bearer " + PARTNER;
    if (user) auth += ", User " + user.token;
    const headers = { Authorization: auth, Accept: "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(API + path, {
      method, headers, body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    if (res.status === 204) return { data: null, meta: {} };
    const json = await res.json().catch(() => ({}));
    if (res.status === 401 && user) signOut();
    if (!res.ok || json.success === false) {
      throw new Error((json.meta && json.meta.message) || res.statusText);
    }
    return json;
  }

  function say(text, bad) {
    $("message").textContent = text || "";
    $("message").className = bad ? "bad" : "";
  }

  const pad = (n) => String(n).padStart(2, "0");
  // The API speaks the location's wall clock; the calendar shows it as it is (floating times).
  const wall = (d) => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
    "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":00";
  const day = (d) => wall(d).slice(0, 10);
  const floating = (iso) => iso.slice(0, 19);

  // ---- sign-in -----------------------------------------------------------------------------

  function signOut() {
    sessionStorage.removeItem(KEY);
    location.reload();
  }

  $("sign-in").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    try {
      const res = await call("POST", "/auth", {
        login: form.get("login"), password: form.get("password"),
      });
      user = { token: res.data.user_token, name: res.data.name };
      sessionStorage.setItem(KEY, JSON.stringify(user));
      await start();
    } catch (err) {
      $("sign-in-error").textContent = err.message;
    }
  });
  $("sign-out").addEventListener("click", signOut);

  // ---- calendar ----------------------------------------------------------------------------

  function recordEvent(r) {
    const start = floating(r.datetime);
    const end = new Date(new Date(start).getTime() + r.seance_length * 1000);
    const client = r.client ? (r.client.display_name || r.client.name || r.client.phone) : "—";
    return {
      id: "r" + r.id,
      resourceIds: [String(r.staff_id)],
      start, end: wall(end),
      title: client,
      backgroundColor: r.custom_color || COLOURS[String(r.attendance)] || COLOURS["0"],
      classNames: ["att-" + r.attendance],
      extendedProps: { record: r },
    };
  }

  function groupEvent(ev) {
    const start = floating(ev.date);
    const end = new Date(new Date(start).getTime() + ev.length * 1000);
    return {
      id: "g" + ev.id,
      resourceIds: [String(ev.staff_id)],
      start, end: wall(end),
      title: (ev.service ? ev.service.title : "Group event") +
        " · " + ev.records_count + "/" + ev.capacity + " seats",
      backgroundColor: "#6b4fa3",
      editable: false,
      extendedProps: { group: ev },
    };
  }

  async function hours(member, first, last) {
    const res = await call("GET", "/schedule/" + loc + "/" + member + "/" + first + "/" + last);
    const out = [];
    for (const d of res.data) {
      if (!d.is_working) continue;
      for (const s of d.slots) {
        out.push({
          id: "h" + member + d.date + s.from, resourceIds: [String(member)],
          start: d.date + "T" + s.from + ":00", end: d.date + "T" + s.to + ":00",
          display: "background", backgroundColor: "#e3f4e8",
        });
      }
    }
    return out;
  }

  function shownMembers() {
    return $("view").value === "week" ? [Number($("member").value)] : staff.map((m) => m.id);
  }

  async function events(info) {
    const first = day(info.start);
    const last = day(new Date(info.end.getTime() - 1));
    const members = shownMembers();
    let q = "/records/" + loc + "?count=1000&start_date=" + first + "&end_date=" + last;
    if ($("view").value === "week") q += "&team_member_id=" + members[0];
    const [records, groups, ...work] = await Promise.all([
      call("GET", q),
      call("GET", "/activity/" + loc + "/search?count=1000&from=" + first + "&till=" + last),
      ...members.map((m) => hours(m, first, last)),
    ]);
    const out = records.data.filter((r) => !r.deleted).map(recordEvent);
    for (const g of groups.data) if (members.includes(g.staff_id)) out.push(groupEvent(g));
    return out.concat(...work);
  }

  function content(info) {
    const p = info.event.extendedProps;
    const box = document.createElement("div");
    const head = document.createElement("div");
    head.className = "ec-event-time";
    head.textContent = info.timeText;
    const title = document.createElement("div");
    title.className = "ec-event-title";
    title.textContent = info.event.title;
    box.append(head, title);
    if (p.record) {
      const r = p.record;
      const what = document.createElement("div");
      what.textContent = r.services.map((s) => s.title).join(", ");
      box.append(what);
      if (r.record_labels.length) {
        const tags = document.createElement("div");
        tags.className = "tags";
        tags.textContent = r.record_labels.map((l) => "#" + l.title).join(" ");
        box.append(tags);
      }
    }
    return { domNodes: [box] };
  }

  function writeBody(r, changes) {
    return Object.assign({
      staff_id: r.staff_id,
      services: r.services.map((s) => ({
        id: s.id, first_cost: s.first_cost, discount: s.discount, cost: s.cost, amount: s.amount,
      })),
      client: { phone: r.client.phone, name: r.client.name || "", email: r.client.email || "" },
      datetime: floating(r.datetime),
      seance_length: r.seance_length,
      attendance: r.attendance,
      comment: r.comment,
      api_id: r.api_id,
      custom_color: r.custom_color,
      record_labels: r.record_labels.map((l) => l.id),
      custom_fields: Array.isArray(r.custom_fields) ? {} : r.custom_fields,
    }, changes);
  }

  async function saveRecord(r, changes) {
    const res = await call("PUT", "/record/" + loc + "/" + r.id, writeBody(r, changes));
    return res.data;
  }

  async function moved(info) {
    const r = info.event.extendedProps.record;
    if (!r || !r.client) { info.revert(); return; }
    const changes = {
      datetime: wall(info.event.start),
      seance_length: Math.round((info.event.end - info.event.start) / 1000),
    };
    if (info.newResource) changes.staff_id = Number(info.newResource.id);
    try {
      const saved = await saveRecord(r, changes);
      say("Moved: " + saved.staff.name + ", " + floating(saved.datetime).replace("T", " "));
      ec.refetchEvents();
    } catch (err) {
      info.revert();
      say("Not moved: " + err.message, true);
    }
  }

  // ---- the appointment dialog ----------------------------------------------------------------

  function fact(list, name, value) {
    const dt = document.createElement("dt"); dt.textContent = name;
    const dd = document.createElement("dd"); dd.textContent = value;
    list.append(dt, dd);
  }

  function openRecord(r) {
    current = r;
    const facts = $("record-facts");
    facts.textContent = "";
    fact(facts, "Client", r.client ? (r.client.name + " " + r.client.phone) : "—");
    fact(facts, "Services", r.services.map((s) => s.title).join(", "));
    fact(facts, "Team member", r.staff.name);
    fact(facts, "When", floating(r.datetime).replace("T", " ") + ", " +
      Math.round(r.seance_length / 60) + " min");
    fact(facts, "Status", STATUS[String(r.attendance)] || String(r.attendance));
    if (r.record_labels.length) fact(facts, "Tags", r.record_labels.map((l) => l.title).join(", "));
    if (r.comment) fact(facts, "Comment", r.comment);
    $("record-error").textContent = "";
    $("record-dialog").showModal();
  }

  $("record-dialog").addEventListener("click", async (e) => {
    const button = e.target.closest("button[data-attendance]");
    if (!button || !current) return;
    try {
      await saveRecord(current, { attendance: Number(button.dataset.attendance) });
      $("record-dialog").close();
      ec.refetchEvents();
    } catch (err) {
      $("record-error").textContent = err.message;
    }
  });

  $("record-delete").addEventListener("click", async () => {
    if (!current) return;
    try {
      await call("DELETE", "/record/" + loc + "/" + current.id);
      $("record-dialog").close();
      say("Appointment cancelled.");
      ec.refetchEvents();
    } catch (err) {
      $("record-error").textContent = err.message;
    }
  });

  // ---- a new appointment from a free slot ----------------------------------------------------

  function openNew(info) {
    const staffId = info.resource ? Number(info.resource.id) : Number($("member").value);
    clicked = { date: info.date, staffId };
    const member = staff.find((m) => m.id === staffId);
    $("new-when").textContent = wall(info.date).slice(0, 16).replace("T", " ") +
      (member ? ", " + member.name : "");
    const form = $("new-form");
    form.reset();
    const select = form.elements.service;
    select.textContent = "";
    for (const s of services) {
      const opt = document.createElement("option");
      opt.value = s.id; opt.textContent = s.title;
      opt.dataset.length = String(Math.round((s.duration || 3600) / 60));
      select.append(opt);
    }
    form.elements.minutes.value = select.selectedOptions[0] ? select.selectedOptions[0].dataset.length : 60;
    $("client-hits").textContent = "";
    $("new-error").textContent = "";
    $("new-dialog").showModal();
  }

  $("new-form").elements.service.addEventListener("change", (e) => {
    $("new-form").elements.minutes.value = e.target.selectedOptions[0].dataset.length;
  });

  let searchTimer = null;
  $("client-q").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    const q = e.target.value.trim();
    searchTimer = setTimeout(async () => {
      const hits = $("client-hits");
      hits.textContent = "";
      if (q.length < 2) return;
      const field = /\d/.test(q) ? "phone" : "fullname";
      const res = await call("GET", "/clients/" + loc + "?count=8&" + field + "=" + encodeURIComponent(q));
      for (const c of res.data) {
        const li = document.createElement("li");
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = c.name + " " + c.phone;
        b.addEventListener("click", () => {
          $("new-form").elements.name.value = c.name;
          $("new-form").elements.phone.value = c.phone;
          hits.textContent = "";
        });
        li.append(b);
        hits.append(li);
      }
    }, 250);
  });

  $("new-cancel").addEventListener("click", () => $("new-dialog").close());

  $("new-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = e.target.elements;
    try {
      await call("POST", "/records/" + loc, {
        staff_id: clicked.staffId,
        services: [{ id: Number(f.service.value) }],
        client: { phone: f.phone.value.trim(), name: f.name.value.trim() },
        datetime: wall(clicked.date),
        seance_length: Number(f.minutes.value) * 60,
      });
      $("new-dialog").close();
      say("Appointment created.");
      ec.refetchEvents();
    } catch (err) {
      $("new-error").textContent = err.message;
    }
  });

  // ---- changes made elsewhere ----------------------------------------------------------------

  async function poll() {
    if (!ec || document.hidden || document.querySelector("dialog[open]")) return;
    const since = new Date(Date.now() - POLL_MS - 2000).toISOString().slice(0, 19) + "Z";
    try {
      const res = await call("GET", "/records/" + loc + "?count=1&with_deleted=1&changed_after=" +
        encodeURIComponent(since));
      if (res.meta.total_count > 0) ec.refetchEvents();
    } catch (err) {
      say(err.message, true);
    }
  }

  function view() {
    const week = $("view").value === "week";
    $("member-box").hidden = !week;
    const members = week ? staff.filter((m) => m.id === Number($("member").value)) : staff;
    ec.setOption("resources", members.map((m) => ({ id: String(m.id), title: m.name })));
    ec.setOption("view", week ? "timeGridWeek" : "resourceTimeGridDay");
    ec.refetchEvents();
  }

  async function loadLocation() {
    const [team, catalog] = await Promise.all([
      call("GET", "/staff/" + loc), call("GET", "/services/" + loc),
    ]);
    staff = team.data.filter((m) => String(m.fired) !== "1" && String(m.hidden) !== "1")
      .map((m) => ({ id: m.id, name: m.name }));
    services = catalog.data;
    const select = $("member");
    select.textContent = "";
    for (const m of staff) {
      const opt = document.createElement("option");
      opt.value = m.id; opt.textContent = m.name;
      select.append(opt);
    }
    if (ec) view();
  }

  async function start() {
    $("sign-in").hidden = true;
    const res = await call("GET", "/companies?my=1&count=100");
    const select = $("location");
    select.textContent = "";
    for (const l of res.data) {
      const opt = document.createElement("option");
      opt.value = l.id; opt.textContent = l.title;
      select.append(opt);
    }
    if (!res.data.length) { say("This user is a member of no location.", true); return; }
    loc = Number(res.data[0].id);
    $("who").textContent = user.name;
    for (const id of ["location-box", "view-box", "sign-out", "calendar"]) $(id).hidden = false;
    await loadLocation();
    const asked = new URLSearchParams(location.search).get("date");
    ec = EventCalendar.create($("calendar"), {
      view: "resourceTimeGridDay",
      date: asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : new Date(),
      resources: staff.map((m) => ({ id: String(m.id), title: m.name })),
      eventSources: [{ events }],
      headerToolbar: { start: "prev,next today", center: "title", end: "" },
      slotMinTime: "07:00", slotMaxTime: "22:00", slotDuration: "00:15:00",
      scrollTime: "09:00", height: "auto", nowIndicator: true, allDaySlot: false,
      editable: true, eventStartEditable: true, eventDurationEditable: true,
      eventContent: content,
      eventDrop: moved,
      eventResize: moved,
      eventClick: (info) => { if (info.event.extendedProps.record) openRecord(info.event.extendedProps.record); },
      dateClick: openNew,
      loading: (busy) => body.classList.toggle("loading", busy),
    });
    setInterval(poll, POLL_MS);
  }

  $("location").addEventListener("change", async (e) => { loc = Number(e.target.value); await loadLocation(); });
  $("view").addEventListener("change", view);
  $("member").addEventListener("change", view);

  if (user) start().catch((err) => say(err.message, true));
  else $("sign-in").hidden = false;
})();
