// Parlour booking widget: the public online-booking operations, step by step.
(function () {
  "use strict";
  const body = document.body;
  const API = body.dataset.api;
  const PARTNER = body.dataset.partner;
  const LOC = body.dataset.location;
  const ANY = body.dataset.any === "1";
  const CUR = body.dataset.currency || "";
  const t = JSON.parse(document.getElementById("words").textContent);
  const lang = document.documentElement.lang || "en";
  const $ = (id) => document.getElementById(id);
  const state = { services: [], staff: null, date: null, datetime: null, booking: null };
  // Each step's latest request wins: an answer to an older choice (quick clicks) is dropped.
  const latest = { staff: 0, dates: 0, times: 0 };

  async function call(method, path, payload) {
    const headers = { Authorization: "Bearer " + PARTNER, Accept: "application/json" };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(API + path, {
      method, headers, body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok || json.success === false) {
      const err = new Error((json.meta && json.meta.message) || res.statusText);
      err.status = res.status;
      err.code = json.errors && json.errors.code;
      throw err;
    }
    return json.data;
  }

  function ids() {
    return state.services.map((id) => "service_ids[]=" + encodeURIComponent(id)).join("&");
  }

  function say(text) { $("error").textContent = text || ""; }

  function choice(name, type, value, text, checked) {
    const label = document.createElement("label");
    label.className = "choice";
    const input = document.createElement("input");
    input.type = type; input.name = name; input.value = String(value);
    input.checked = !!checked;
    const span = document.createElement("span");
    span.textContent = text;
    label.append(input, span);
    return label;
  }

  function enable(step, on) { $(step).disabled = !on; }

  function reset(from) {
    const order = ["step-staff", "step-date", "step-time", "step-contacts"];
    for (const step of order.slice(order.indexOf(from))) enable(step, false);
    $("confirm").disabled = true;
  }

  function price(s) {
    const lo = Number(s.price_min), hi = Number(s.price_max);
    if (!lo && !hi) return "";
    return " · " + (lo === hi || !hi ? lo : lo + "–" + hi) + " " + CUR;
  }

  async function loadServices() {
    const data = await call("GET", "/book_services/" + LOC);
    const box = $("services");
    box.textContent = "";
    for (const s of data.services) {
      const mins = s.seance_length ? " · " + Math.round(s.seance_length / 60) + " " + t.minutes : "";
      box.append(choice("service", "checkbox", s.id, s.title + mins + price(s), false));
    }
  }

  async function loadStaff() {
    const mine = ++latest.staff;
    const list = await call("GET", "/book_staff/" + LOC + "?" + ids());
    if (mine !== latest.staff) return;
    const box = $("staff");
    box.textContent = "";
    const open = list.filter((m) => m.bookable);
    if (ANY && open.length) box.append(choice("staff", "radio", 0, t.any_staff, true));
    open.forEach((m, i) => box.append(choice("staff", "radio", m.id, m.name, !ANY && i === 0)));
    if (!open.length) { box.textContent = t.no_slots; return; }
    enable("step-staff", true);
    state.staff = ANY ? 0 : open[0].id;
    await loadDates();
  }

  function dayText(iso) {
    const d = new Date(iso + "T12:00:00");
    return d.toLocaleDateString(lang, { weekday: "short", day: "numeric", month: "long" });
  }

  async function loadDates() {
    reset("step-date");
    const mine = ++latest.dates;
    const data = await call("GET", "/book_dates/" + LOC + "?" + ids() + "&staff_id=" + state.staff);
    if (mine !== latest.dates) return;
    const select = $("date");
    select.textContent = "";
    for (const day of data.booking_dates) {
      const opt = document.createElement("option");
      opt.value = day; opt.textContent = dayText(day);
      select.append(opt);
    }
    if (!data.booking_dates.length) { say(t.no_dates); return; }
    enable("step-date", true);
    state.date = data.booking_dates[0];
    select.value = state.date;
    await loadTimes();
  }

  async function loadTimes() {
    reset("step-time");
    state.datetime = null;
    const mine = ++latest.times;
    const list = await call(
      "GET", "/book_times/" + LOC + "/" + state.staff + "/" + state.date + "?" + ids());
    if (mine !== latest.times) return;
    const box = $("times");
    box.textContent = "";
    for (const slot of list) box.append(choice("time", "radio", slot.datetime, slot.time, false));
    if (!list.length) box.textContent = t.no_slots;
    enable("step-time", true);
  }

  async function guarded(work) {
    try { say(""); await work(); } catch (err) { say(err.message); }
  }

  $("services").addEventListener("change", () => guarded(async () => {
    state.services = [...document.querySelectorAll("input[name=service]:checked")].map(
      (i) => Number(i.value));
    reset("step-staff");
    if (state.services.length) await loadStaff();
    else $("staff").textContent = t.choose_first;
  }));
  $("staff").addEventListener("change", (e) => guarded(async () => {
    state.staff = Number(e.target.value);
    await loadDates();
  }));
  $("date").addEventListener("change", (e) => guarded(async () => {
    state.date = e.target.value;
    await loadTimes();
  }));
  $("times").addEventListener("change", (e) => {
    state.datetime = e.target.value;
    enable("step-contacts", true);
    $("confirm").disabled = false;
  });

  function check(id) {
    const input = $(id);
    const bad = !input.value.trim();
    input.setAttribute("aria-invalid", bad ? "true" : "false");
    return bad ? input : null;
  }

  $("book").addEventListener("submit", (e) => {
    e.preventDefault();
    const missing = check("fullname") || check("phone");
    if (missing) { say(missing.labels[0].textContent.trim()); missing.focus(); return; }
    guarded(async () => {
      $("confirm").disabled = true;
      try {
        const made = await call("POST", "/book_record/" + LOC, {
          fullname: $("fullname").value.trim(),
          phone: $("phone").value.trim(),
          email: $("email").value.trim(),
          comment: $("comment").value,
          appointments: [{ id: 1, services: state.services, staff_id: state.staff,
                           datetime: state.datetime }],
        });
        await done(made[0]);
      } catch (err) {
        $("confirm").disabled = false;
        if (err.code === 433) {
          // Someone took the time a moment ago: offer the free times again.
          await loadTimes();
          $("times").focus();
          throw new Error(t.slot_taken + " (" + err.message + ")");
        }
        throw err;
      }
    });
  });

  function fact(list, name, value) {
    const dt = document.createElement("dt"); dt.textContent = name;
    const dd = document.createElement("dd"); dd.textContent = value;
    list.append(dt, dd);
  }

  async function done(made) {
    state.booking = made;
    const b = await call("GET", "/book_record/" + LOC + "/" + made.record_id + "/" + made.record_hash);
    const facts = $("done-facts");
    facts.textContent = "";
    // The location's wall clock, whatever the visitor's time zone.
    const when = new Date(b.datetime.slice(0, 19));
    fact(facts, t.when, when.toLocaleString(lang, { dateStyle: "full", timeStyle: "short" }));
    fact(facts, t.services, b.services.map((s) => s.title).join(", "));
    if (b.staff) fact(facts, t.with, b.staff.name);
    $("book").hidden = true;
    $("done").hidden = false;
    $("done").focus();
  }

  $("cancel-link").addEventListener("click", (e) => {
    e.preventDefault();
    guarded(async () => {
      const b = state.booking;
      await call("DELETE", "/user/records/" + b.record_id + "/" + b.record_hash);
      $("done-title").textContent = t.cancelled;
      $("done-facts").textContent = "";
      $("cancel-link").hidden = true;
    });
  });
  $("again-link").href = location.pathname + location.search;

  // Inside an iframe (the embed script): tell the page how tall the widget is.
  if (window.parent !== window) {
    const tell = () => window.parent.postMessage(
      { parlour: "bookform-height", form: body.dataset.form,
        height: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
    new ResizeObserver(tell).observe(document.body);
    tell();
  }

  guarded(loadServices);
})();
