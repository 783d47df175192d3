-- wrk script for bench/http-load: mixed GETs with HTTP Basic auth, ~rate/connections per connection.
-- Paths rotate per connection: /metrics, /status, /status?path=..., /zabbix/*.
local paths = {
  "/metrics",
  "/status",
  "/status?path=app.master.general.app_status",
  "/zabbix/pbx/demo",
  "/zabbix/discovery/endpoints",
  "/zabbix/items/demo/endpoints",
  "/zabbix/summary",
  "/metrics",
}
local i = 0
local auth = "Basic " .. (os.getenv("BENCH_AUTH_B64") or "")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "20")
local statuses = {}

function setup(thread)
  thread:set("id", tostring(thread))
end

function init(args)
  i = math.random(#paths) - 1
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Authorization"] = auth, ["Accept-Encoding"] = "gzip"})
end

function delay()
  return pause
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max %.2f ms, mean %.2f ms\n", latency.max / 1000, latency.mean / 1000))
  io.write(string.format("rate %.1f req/s\n", summary.requests / (summary.duration / 1e6)))
end
