-- Print one machine-readable line that bench.py parses: totals, latency
-- percentiles in microseconds, and every kind of error wrk counts.
function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format(
        'BENCH_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
            .. '"status_errors": %d, "connect_errors": %d, "read_errors": %d, '
            .. '"write_errors": %d, "timeouts": %d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
        errors.status, errors.connect, errors.read, errors.write, errors.timeout
    ))
end
