"""The console: a single page for the complaint team, departments and supervisors (issue 7).

`sinks.console.routes.make_router` adds the page (`GET /console`), its assets, the action
routes (status, correction, reply), the live feed (`GET /events`) and `GET /overview`.
The logic lives in pure modules (`actions`, `overview`); `routes` is the thin adapter.
"""
