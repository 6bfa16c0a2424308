-- The command mix of bench/http_load_bench.py, for wrk (https://github.com/wg/wrk).
--
-- Each wrk thread runs many pair scenarios at once, one step per request, every step with its
-- own Idempotency-Key:
--
--   hire mentor, hire mentee, promote the mentor, the mentor volunteers and is trained, the
--   mentee enrols and asks the mentor, the mentor accepts, the pair holds BENCH_SESSIONS sessions
--
-- A step is sent once the steps it needs were acknowledged (the acceptance needs the request
-- id, a session the mentorship id: both read from the answer). Every response is matched to
-- its step by the X-Request-ID the server echoes. A 503 (shed) puts the step back, to be sent
-- again with the same key, and one of the thread's connections waits the answer's Retry-After
-- before its next request (as a client honouring it would; wrk cannot tell which connection
-- got the 503, so the wait falls on the next connection to send); every BENCH_REPLAY_EVERY-th acknowledged step is sent once more
-- with the same key and body, and must be answered as a replay with the same body.
-- When no step is ready, the thread starts a new pair: the mix keeps the scenario's shape.
--
-- Environment: BENCH_RUN (a unique word per run), BENCH_PROGRAMS (program ids, comma
-- separated, one per thread in turn), BENCH_PORTAL_KEY, BENCH_HRIS_KEY, BENCH_SESSIONS,
-- BENCH_REPLAY_EVERY, BENCH_OUT (the file done() writes: acknowledgements, latencies, errors).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- the main state: one entry per thread, read back in done()
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

-- per thread ------------------------------------------------------------------------------

local run, program, portal_key, hris_key, sessions, replay_every
local ready, inflight = {}, {}
local pairs_started, sent, acked_count = 0, 0, 0
local waits = {} -- Retry-After of the 503s not waited for yet, in ms
acks, latencies, errors, shed, replays_ok, replays_bad = {}, {}, {}, 0, 0, 0

function init(args)
  run = os.getenv("BENCH_RUN") or "run"
  local programs = {}
  for id in string.gmatch(os.getenv("BENCH_PROGRAMS") or "", "[^,]+") do
    table.insert(programs, id)
  end
  program = programs[((tid - 1) % #programs) + 1]
  portal_key = os.getenv("BENCH_PORTAL_KEY")
  hris_key = os.getenv("BENCH_HRIS_KEY")
  sessions = tonumber(os.getenv("BENCH_SESSIONS") or "3")
  replay_every = tonumber(os.getenv("BENCH_REPLAY_EVERY") or "0")
end

local function step(pair, kind, method, path, body, acting)
  sent = sent + 1
  return {
    pair = pair, kind = kind, method = method, path = path, body = body, acting = acting,
    key = run .. "-" .. tid .. "-" .. sent,
  }
end

local function push(s) table.insert(ready, s) end

local function hire(pair, who, level)
  return step(pair, "hire", "POST", "/employees", string.format(
    '{"hris_id":"%s","department":"sales","job_level":%d,"location":"Lisbon",' ..
    '"hired_on":"2024-01-02"}', who, level))
end

local function new_pair()
  pairs_started = pairs_started + 1
  local name = run .. "t" .. tid .. "p" .. pairs_started
  local pair = { mentor = name .. "m", mentee = name .. "e", trained = false, enrolled = false,
                 sessions = 0 }
  push(hire(pair, pair.mentee, 3))
  push(hire(pair, pair.mentor, 5))
end

local function mentor_path(pair)
  return "/programs/" .. program .. "/mentors/" .. pair.mentor
end

local function ask(pair)
  push(step(pair, "request", "POST", "/programs/" .. program .. "/requests", string.format(
    '{"topic":"negotiation","choices":["%s"],"reason":"I want to learn",' ..
    '"respond_by":"2024-02-29","effective_date":"2024-02-05"}', pair.mentor), pair.mentee))
end

local function session(pair)
  pair.sessions = pair.sessions + 1
  push(step(pair, "session", "POST", "/mentorships/" .. pair.mentorship .. "/sessions",
    string.format('{"duration_minutes":45,"mode":"virtual","topics":["negotiation"],' ..
      '"effective_date":"2024-02-%02d"}', 9 + pair.sessions), pair.mentee))
end

-- what an acknowledged step makes ready
local function advance(s, body)
  local pair, kind = s.pair, s.kind
  if kind == "hire" and s.body:find(pair.mentor, 1, true) then
    push(step(pair, "promotion", "POST", "/employees/" .. pair.mentor .. "/promotion",
      '{"new_job_level":6,"effective_date":"2024-01-15"}'))
    push(step(pair, "volunteer", "POST", mentor_path(pair) .. "/volunteer",
      '{"topics":["negotiation"],"capacity":2,"hours_per_month":4,' ..
      '"effective_date":"2024-02-02"}', pair.mentor))
  elseif kind == "hire" then
    push(step(pair, "enrol", "POST",
      "/programs/" .. program .. "/mentees/" .. pair.mentee .. "/enrol",
      '{"topics":["negotiation"],"aim":"close deals","effective_date":"2024-02-02"}',
      pair.mentee))
  elseif kind == "volunteer" then
    push(step(pair, "training", "POST", mentor_path(pair) .. "/training",
      '{"course":"Mentoring 101","effective_date":"2024-02-03"}'))
  elseif kind == "training" or kind == "enrol" then
    if kind == "training" then pair.trained = true else pair.enrolled = true end
    if pair.trained and pair.enrolled then ask(pair) end
  elseif kind == "request" then
    local request_id = body:match('"request_id":"([%x%-]+)"')
    push(step(pair, "acceptance", "POST", "/requests/" .. request_id .. "/accept",
      '{"effective_date":"2024-02-06"}', pair.mentor))
  elseif kind == "acceptance" then
    pair.mentorship = body:match('"mentorship_id":"([%x%-]+)"')
    session(pair)
  elseif kind == "session" and pair.sessions < sessions then
    session(pair)
  end
end

function delay()
  if #waits == 0 then return 0 end
  return table.remove(waits, 1)
end

function request()
  if #ready == 0 then new_pair() end
  local s = table.remove(ready, 1)
  local rid = s.key .. "." .. now_ms()
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = s.key,
    ["X-Request-ID"] = rid,
    ["X-API-Key"] = s.acting and portal_key or hris_key,
  }
  if s.acting then headers["X-Acting-Employee"] = s.acting end
  s.sent_at = now_ms()
  inflight[rid] = s
  return wrk.format(s.method, s.path, headers, s.body)
end

function response(status, headers, body)
  local rid = headers["x-request-id"] or headers["X-Request-ID"]
  local s = rid and inflight[rid]
  if not s then return end
  inflight[rid] = nil
  if status == 503 then
    shed = shed + 1
    table.insert(ready, 1, s) -- again, with the same key
    local after = tonumber(headers["retry-after"] or headers["Retry-After"] or "1") or 1
    table.insert(waits, after * 1000)
    return
  end
  if status < 200 or status >= 300 then
    if #errors < 200 then
      table.insert(errors, s.kind .. "\t" .. status .. "\t" .. body:sub(1, 300):gsub("%s", " "))
    end
    return
  end
  latencies[#latencies + 1] = now_ms() - s.sent_at
  local replayed = (headers["idempotent-replayed"] or headers["Idempotent-Replayed"]) == "true"
  if s.first_body then
    if replayed and body == s.first_body then replays_ok = replays_ok + 1
    else replays_bad = replays_bad + 1 end
    return
  end
  acked_count = acked_count + 1
  acks[#acks + 1] = s.kind .. "\t" .. s.key .. "\t" .. status
  if replay_every > 0 and acked_count % replay_every == 0 then
    push({ pair = s.pair, kind = s.kind, method = s.method, path = s.path, body = s.body,
           acting = s.acting, key = s.key, first_body = body })
  end
  advance(s, body)
end

-- the main state again --------------------------------------------------------------------

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(string.format("SUMMARY\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", summary.duration,
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    out:write(string.format("WRK_PERCENTILE\t%g\t%d\n", p, latency:percentile(p)))
  end
  for _, thread in ipairs(threads) do
    out:write(string.format("THREAD\t%d\t%d\t%d\t%d\n", thread:get("shed"),
      thread:get("replays_ok"), thread:get("replays_bad"), #thread:get("acks")))
    for _, line in ipairs(thread:get("acks")) do out:write("ACK\t", line, "\n") end
    for _, ms in ipairs(thread:get("latencies")) do out:write(string.format("LAT\t%.3f\n", ms)) end
    for _, line in ipairs(thread:get("errors")) do out:write("ERR\t", line, "\n") end
  end
  out:close()
end
