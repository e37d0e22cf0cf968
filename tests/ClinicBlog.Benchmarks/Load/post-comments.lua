-- wrk script: posts valid comment forms to the URL given to wrk (POST /articles/{slug}/comments), each with a
-- different body so none is refused as a duplicate. The benchmark fetched the antiforgery cookie and token and the
-- time-trap stamp once (GET .../comments/state) and passes them in the environment: CB_COOKIE, CB_FIELD, CB_TOKEN,
-- CB_STAMP; CB_RUN tells runs apart. At the end it writes to CB_OUT one "status CODE COUNT" line per status and one
-- "id N" line per accepted post (the comment id from the 302's Location: /articles/{slug}#comment-N).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local function encode(s)
  s = string.gsub(s, "[^%w%-%._~ ]", function(c) return string.format("%%%02X", string.byte(c)) end)
  return (string.gsub(s, " ", "+"))
end

local fixed
local counter = 0
ids = {}
statuses = {}

function init(args)
  fixed = encode(os.getenv("CB_FIELD")) .. "=" .. encode(os.getenv("CB_TOKEN"))
    .. "&Stamp=" .. encode(os.getenv("CB_STAMP")) .. "&ParentId=&Url=&Website="
  run = os.getenv("CB_RUN")
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("CB_COOKIE")
end

function request()
  counter = counter + 1
  local reader = (thread_id * 7919 + counter) % 400
  local form = fixed
    .. "&Name=" .. encode("Load Reader " .. reader)
    .. "&Email=" .. encode("load.reader" .. reader .. "@example.com")
    .. "&Body=" .. encode("Run " .. run .. ", thread " .. thread_id .. ", comment " .. counter
      .. ": this helped with my plantar fasciitis. Does the first IASTM session hurt, and how many do people need?")
  return wrk.format(nil, nil, nil, form)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 302 then
    local id = string.match(headers["Location"] or headers["location"] or "", "#comment%-(%d+)")
    if id then ids[#ids + 1] = id end
  end
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("CB_OUT"), "w"))
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do out:write("status ", status, " ", count, "\n") end
    for _, id in ipairs(thread:get("ids")) do out:write("id ", id, "\n") end
  end
  out:close()
end
