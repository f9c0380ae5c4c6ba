#!/bin/bash
# A second opinion on API throughput with wrk (a C load generator, lighter than the .NET runner):
# starts a Release Baton on 127.0.0.1:5096 with a temp SQLite database, then measures GET /health/live,
# GET /api/v1/tickets/{number} and POST /api/v1/tickets with 8 connections. Needs Debian wrk and sqlite3.
D=$(mktemp -d)
cd "$(dirname "$0")/../src/Baton.Web"
dotnet build -c Release -v quiet -nologo . >/dev/null
Baton__DataDirectory=$D Baton__AdminPassword=Admin-pass-2026 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production dotnet bin/Release/net10.0/Baton.Web.dll --urls http://127.0.0.1:5096 > $D/log 2>&1 &
PID=$!
for i in $(seq 1 100); do curl -sf 127.0.0.1:5096/health/ready >/dev/null && break; sleep 0.2; done
TOKEN=baton_perf$(head -c 16 /dev/urandom | xxd -p)
HASH=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
sqlite3 $D/baton.db "INSERT INTO ApiTokens (UserId, Name, Prefix, Hash, CreatedAt) SELECT Id, 'perf', 'x', '$HASH', '2026-01-01 00:00:00' FROM AspNetUsers LIMIT 1;"
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"Perf","code":"PERF"}' 127.0.0.1:5096/api/v1/clients >/dev/null
curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name":"P","email":"p@perf.test"}' 127.0.0.1:5096/api/v1/clients/1/contacts >/dev/null
cat > $D/create.lua <<LUA
counter = 0
token = "$TOKEN"
request = function()
  counter = counter + 1
  local body = '{"title":"wrk ticket ' .. counter .. '","clientId":1,"requesterId":1}'
  return wrk.format("POST", "/api/v1/tickets", {["Content-Type"]="application/json", ["Authorization"]="Bearer " .. token}, body)
end
LUA
wrk -t2 -c8 -d8s -s $D/create.lua http://127.0.0.1:5096 > /dev/null  # warm-up
echo "--- health/live"; wrk -t2 -c8 -d6s http://127.0.0.1:5096/health/live | grep -E 'Requests/sec'
echo "--- GET ticket"; wrk -t2 -c8 -d6s -H "Authorization: Bearer $TOKEN" http://127.0.0.1:5096/api/v1/tickets/INC-000001 | grep -E 'Requests/sec|Non-2xx'
T0=$(awk "{print \$14+\$15}" /proc/$PID/stat)
echo "--- POST create"; wrk -t2 -c8 -d10s -s $D/create.lua http://127.0.0.1:5096 | grep -E "Requests/sec|Non-2xx|Latency"
T1=$(awk "{print \$14+\$15}" /proc/$PID/stat); echo "server CPU during create: $(( (T1 - T0) ))0 ms over 10 s"
kill $PID; rm -rf $D
