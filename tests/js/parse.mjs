// Read calendar files with ical.js, the parser Thunderbird uses, and print what it sees
// as JSON: one object per file with its events (dates as the client shows them, times in
// UTC, alarm fire times in UTC) and tasks.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function when(time) {
  if (time.isDate) return { date: time.toString() };
  return { utc: time.toJSDate().toISOString() };
}

function parse(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = root.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const alarms = component.getAllSubcomponents("valarm").map((alarm) => {
      const trigger = alarm.getFirstPropertyValue("trigger");
      const fire = event.startDate.clone();
      fire.addDuration(trigger);
      return { action: alarm.getFirstPropertyValue("action"), ...when(fire) };
    });
    const last = event.endDate.clone();
    if (last.isDate) last.adjust(-1, 0, 0, 0);
    return {
      uid: event.uid,
      summary: event.summary,
      start: when(event.startDate),
      end: when(event.endDate),
      last_day: last.isDate ? last.toString() : null,
      status: component.getFirstPropertyValue("status"),
      sequence: event.sequence,
      description: event.description,
      alarms,
    };
  });
  const tasks = root.getAllSubcomponents("vtodo").map((todo) => ({
    uid: todo.getFirstPropertyValue("uid"),
    summary: todo.getFirstPropertyValue("summary"),
    due: todo.getFirstPropertyValue("due").toString(),
    related_to: todo.getFirstPropertyValue("related-to"),
  }));
  return { name: root.getFirstPropertyValue("x-wr-calname"), events, tasks };
}

console.log(JSON.stringify(process.argv.slice(2).map(parse)));
