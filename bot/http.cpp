#include "bot/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>

#include "bot/redact.h"
#include "bot/reply.h"
#include "rules/text.h"

namespace bot {

namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// One easy handle per thread, reset between requests, so that connections are reused.
struct Handle {
    Handle() : curl(curl_easy_init()) {}
    ~Handle() { curl_easy_cleanup(curl); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    CURL* curl;
};

CURL* thread_handle() {
    static std::once_flag once;
    std::call_once(once, [] { static CurlGlobal global; });
    thread_local Handle handle;
    curl_easy_reset(handle.curl);
    return handle.curl;
}

size_t write_body(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* out) {
    auto& response = *static_cast<HttpResponse*>(out);
    const std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        response.headers.clear();  // a new response (after a 100 Continue or a redirect)
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        auto name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
            [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        response.headers.emplace(std::move(name), rules::text::trim(line.substr(colon + 1)));
    }
    return size * count;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

rules::Result<HttpResponse> http_request(const HttpRequest& request) {
    CURL* curl = thread_handle();
    if (!curl) {
        return rules::Error{rules::ErrorKind::transient, "cannot start an HTTP request (libcurl)"};
    }
    HttpResponse response;
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(request.timeout_seconds));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(request.timeout_seconds, 10)));
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "claimcheck");
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    if (!request.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERNAME, request.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, request.password.c_str());
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
        request.method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    const auto rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        const bool timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        return rules::Error{rules::ErrorKind::transient,
            request.method + " " + redact(request.url) + ": " +
                (timed_out ? "timed out after " + std::to_string(request.timeout_seconds) + " s"
                           : curl_easy_strerror(rc))};
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

int parse_retry_after(const std::string& value, long long now) {
    const auto text = rules::text::trim(value);
    if (text.empty()) {
        return 0;
    }
    constexpr long long k_day = 24 * 3600;  // longer asks are a broken server's
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return text.size() > 9 ? static_cast<int>(k_day)
                               : static_cast<int>(std::min<long long>(std::stoll(text), k_day));
    }
    const auto when = curl_getdate(text.c_str(), nullptr);
    return when <= now ? 0 : static_cast<int>(std::min<long long>(when - now, k_day));
}

rules::Error http_status_error(const HttpResponse& response, const std::string& what) {
    const auto status = response.status;
    const auto message = redact(what) + ": HTTP " + std::to_string(status) +
                         (response.body.empty() ? "" : ": " + redact(excerpt(response.body, 200)));
    if (status == 401 || status == 403) {
        return {rules::ErrorKind::auth, message};
    }
    if (status == 404 || status == 410) {
        return {rules::ErrorKind::not_found, message};
    }
    if (status == 409) {
        return {rules::ErrorKind::conflict, message};
    }
    if (status == 429) {
        return {rules::ErrorKind::rate_limited, message,
            parse_retry_after(response.header("retry-after"), static_cast<long long>(std::time(nullptr)))};
    }
    if (status >= 500 || status == 408) {
        return {rules::ErrorKind::transient, message,
            parse_retry_after(response.header("retry-after"), static_cast<long long>(std::time(nullptr)))};
    }
    return {rules::ErrorKind::bad_input, message};
}

}  // namespace bot
