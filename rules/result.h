// Expected failures as values. The kind decides what a caller does next: retry later
// (transient, rate_limited), give up on this input (permanent, not_found, conflict), or
// stop and ask the operator (auth). Exceptions are kept for start-up and broken invariants.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace rules {

enum class ErrorKind { transient, rate_limited, auth, not_found, conflict, permanent, bad_input };

struct Error {
    ErrorKind kind = ErrorKind::permanent;
    std::string message;  // names the input at fault: a path, a revision, a key
    int retry_after = 0;  // seconds the server asked to wait before retrying; 0: unsaid
};

template <typename T>
class Result {
public:
    Result(T value) : m_value(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : m_value(std::move(error)) {}  // NOLINT: implicit by design
    bool ok() const { return std::holds_alternative<T>(m_value); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(m_value); }
    const T& value() const { return std::get<T>(m_value); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const Error& error() const { return std::get<Error>(m_value); }

private:
    std::variant<T, Error> m_value;
};

}  // namespace rules
