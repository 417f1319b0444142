// One REST request over libcurl, for the forge adapters. Transport failures (no
// connection, time-out, TLS) come back as transient errors naming the redacted URL;
// HTTP statuses come back as responses, and http_status_error() types the ones that
// are failures the same way for every forge.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "rules/result.h"

namespace bot {

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;      // sent when not empty, or always for POST, PUT and PATCH
    std::string username;  // HTTP basic auth when not empty
    std::string password;
    int timeout_seconds = 30;  // the whole request, connection included
};

struct HttpResponse {
    long status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;

    // The first value of header NAME (lower case), or "".
    std::string header(const std::string& name) const;
};

// Sends REQUEST and returns the response, whatever its status.
rules::Result<HttpResponse> http_request(const HttpRequest& request);

// The error for a response that is not a success, WHAT naming the request ("GET
// /changes/12345"): 401 and 403 auth, 404 and 410 not_found, 409 conflict, 429
// rate_limited (retry_after from the Retry-After header), 5xx transient, any other 4xx
// bad_input. The message carries the status and the start of the body.
rules::Error http_status_error(const HttpResponse& response, const std::string& what);

// Seconds in a Retry-After value: delta-seconds or an HTTP date (NOW: seconds since the
// epoch); 0 when absent or unreadable.
int parse_retry_after(const std::string& value, long long now);

}  // namespace bot
