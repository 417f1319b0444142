// Owning handles for the C libraries vcs/ uses, written once: a deleter template over
// the library's free function and one alias per handle type. Also the two rules every
// libgit2 call site follows: init once, and read git_error_last() right where a call
// fails (GIT_ENOTFOUND is an empty optional for the caller, never an error).
#pragma once

#include <git2.h>
#include <tree_sitter/api.h>

#include <memory>
#include <string>

#include "rules/result.h"

namespace vcs {

template <auto FreeFn>
struct FreeWith {
    template <typename T>
    void operator()(T* handle) const {
        if (handle != nullptr) {
            FreeFn(handle);
        }
    }
};

template <typename T, auto FreeFn>
using Handle = std::unique_ptr<T, FreeWith<FreeFn>>;

using RepositoryHandle = Handle<git_repository, git_repository_free>;
using CommitHandle = Handle<git_commit, git_commit_free>;
using TreeHandle = Handle<git_tree, git_tree_free>;
using TreeEntryHandle = Handle<git_tree_entry, git_tree_entry_free>;
using DiffHandle = Handle<git_diff, git_diff_free>;
using PatchHandle = Handle<git_patch, git_patch_free>;
using BlobHandle = Handle<git_blob, git_blob_free>;
using ObjectHandle = Handle<git_object, git_object_free>;
using ReferenceHandle = Handle<git_reference, git_reference_free>;
using OdbHandle = Handle<git_odb, git_odb_free>;
using ParserHandle = Handle<TSParser, ts_parser_delete>;
using SyntaxTreeHandle = Handle<TSTree, ts_tree_delete>;

// A tree-sitter cursor is a value that owns memory: this owns it, positioned at a node.
class TreeCursor {
public:
    explicit TreeCursor(TSNode node) : m_cursor(ts_tree_cursor_new(node)) {}
    ~TreeCursor() { ts_tree_cursor_delete(&m_cursor); }
    TreeCursor(const TreeCursor&) = delete;
    TreeCursor& operator=(const TreeCursor&) = delete;
    TSTreeCursor* get() { return &m_cursor; }

private:
    TSTreeCursor m_cursor;
};

// Initialises libgit2 on first use; safe from any thread. Every entry point into
// libgit2 calls it before anything else.
void ensure_libgit2();

// The message of the libgit2 error the calling thread saw last, or "unknown error".
// Call it right after the failing call: any later libgit2 call may overwrite it.
std::string last_git_error();

// An Error of KIND saying WHAT failed, followed by libgit2's reason.
rules::Error git_failure(rules::ErrorKind kind, const std::string& what);

}  // namespace vcs
