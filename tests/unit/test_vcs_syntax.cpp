// vcs::parse_source on small snippets, one per language: definitions with parameters
// and docstrings, comments, try blocks, imports, references, calls and literals.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "vcs/syntax.h"
#include "vcs/syntax_tables.h"

namespace {

const rules::Definition* find_def(const rules::SourceFile& file, const std::string& name,
    std::optional<rules::DefKind> kind = std::nullopt) {
    for (const auto& definition : file.definitions) {
        if (definition.name == name && (!kind || definition.kind == *kind)) {
            return &definition;
        }
    }
    return nullptr;
}

std::vector<std::string> parameter_names(const rules::Definition& definition) {
    std::vector<std::string> names;
    for (const auto& parameter : definition.parameters) {
        names.push_back(parameter.name);
    }
    return names;
}

bool has_reference(const rules::SourceFile& file, const std::string& name, int line) {
    return std::any_of(file.references.begin(), file.references.end(),
        [&](const auto& r) { return r.name == name && r.line == line; });
}

bool has_reference(const rules::SourceFile& file, const std::string& name) {
    return std::any_of(
        file.references.begin(), file.references.end(), [&](const auto& r) { return r.name == name; });
}

const rules::Call* find_call(const rules::SourceFile& file, const std::string& callee) {
    auto it =
        std::find_if(file.calls.begin(), file.calls.end(), [&](const auto& c) { return c.callee == callee; });
    return it == file.calls.end() ? nullptr : &*it;
}

const rules::Comment* find_comment(const rules::SourceFile& file, const std::string& needle) {
    auto it = std::find_if(file.comments.begin(), file.comments.end(),
        [&](const auto& c) { return c.text.find(needle) != std::string::npos; });
    return it == file.comments.end() ? nullptr : &*it;
}

using Names = std::vector<std::string>;

}  // namespace

TEST_CASE("vcs/syntax: every node type in the tables exists in its grammar") {
    CHECK(vcs::unknown_node_types() == Names{});
}

TEST_CASE("vcs/syntax: language_for_path by extension") {
    CHECK(vcs::language_for_path("nova/compute/manager.py") == "python");
    CHECK(vcs::language_for_path("A.java") == "java");
    CHECK(vcs::language_for_path("x.mjs") == "javascript");
    CHECK(vcs::language_for_path("x.jsx") == "javascript");
    CHECK(vcs::language_for_path("x.ts") == "typescript");
    CHECK(vcs::language_for_path("x.tsx") == "tsx");
    CHECK(vcs::language_for_path("main.go") == "go");
    CHECK(vcs::language_for_path("lib.h") == "c");
    CHECK(vcs::language_for_path("lib.hpp") == "cpp");
    CHECK(vcs::language_for_path("src/lib.rs") == "rust");
    CHECK(vcs::language_for_path("README.md").empty());
    CHECK(vcs::language_for_path("Makefile").empty());
    CHECK(vcs::language_for_path("dir.py/file").empty());
}

TEST_CASE("vcs/syntax: files without a grammar, with NUL bytes or odd bytes") {
    auto unknown = vcs::parse_source("notes.txt", "hello\r\nworld\n");
    CHECK_FALSE(unknown.parsed);
    CHECK(unknown.language.empty());
    CHECK(unknown.skipped_reason == "no grammar for notes.txt");
    CHECK(unknown.lines == Names{"hello", "world"});

    auto binary = vcs::parse_source("blob.py", std::string("x = 1\n\0\0", 8));
    CHECK_FALSE(binary.parsed);
    CHECK(binary.language == "python");
    CHECK(binary.skipped_reason.find("blob.py") != std::string::npos);
    CHECK(binary.lines.size() == 2);

    auto odd = vcs::parse_source("odd.py", "def f(a):\n    return '\xff\xfe\x80'\nx = \xc3(\n");
    CHECK(odd.parsed);
    REQUIRE(find_def(odd, "f") != nullptr);
    CHECK(parameter_names(*find_def(odd, "f")) == Names{"a"});

    auto empty = vcs::parse_source("empty.go", "");
    CHECK(empty.parsed);
    CHECK(empty.lines.empty());
}

TEST_CASE("vcs/syntax: python") {
    const std::string source = R"(import os.path, sys as system
from nova.tests import fixtures as nova_fixtures, utils
from x import *


@decorated
class ServerTest(base.Test):
    """Tests servers."""
    flavor = 1

    def _resize_and_assert_error(self, server, dest_host, *args, retries=3, **kwargs):
        # resize first
        self.flavor1 = self.api.get_flavors(server, dest_host)
        local = 5
        try:
            pass
        except (ValueError, KeyError) as error:
            pass
        except:
            pass

    def undocumented(self):
        return 'text', 42
)";
    auto file = vcs::parse_source("test_server.py", source);
    REQUIRE(file.parsed);
    CHECK(file.language == "python");

    const auto* klass = find_def(file, "ServerTest");
    REQUIRE(klass != nullptr);
    CHECK(klass->kind == rules::DefKind::class_);
    CHECK(klass->start_line == 7);  // the class line, not the decorator
    CHECK(klass->end_line == 23);
    CHECK(klass->docstring_line == 8);
    CHECK(klass->docstring == "Tests servers.");

    const auto* method = find_def(file, "_resize_and_assert_error");
    REQUIRE(method != nullptr);
    CHECK(method->kind == rules::DefKind::method);
    CHECK(method->scope == "ServerTest");
    CHECK(method->start_line == 11);
    CHECK(parameter_names(*method) == Names{"self", "server", "dest_host", "*args", "retries", "**kwargs"});
    CHECK_FALSE(method->docstring_line.has_value());
    const auto* bare = find_def(file, "undocumented");
    REQUIRE(bare != nullptr);
    CHECK_FALSE(bare->docstring_line.has_value());

    const auto* field = find_def(file, "flavor1");
    REQUIRE(field != nullptr);
    CHECK(field->kind == rules::DefKind::field);
    CHECK(field->scope == "ServerTest");
    const auto* class_attribute = find_def(file, "flavor");
    REQUIRE(class_attribute != nullptr);
    CHECK(class_attribute->kind == rules::DefKind::field);
    const auto* local = find_def(file, "local");
    REQUIRE(local != nullptr);
    CHECK(local->kind == rules::DefKind::variable);
    CHECK(local->scope == "_resize_and_assert_error");
    REQUIRE(find_def(file, "server", rules::DefKind::parameter) != nullptr);

    const auto* comment = find_comment(file, "resize first");
    REQUIRE(comment != nullptr);
    CHECK(comment->start_line == 12);
    CHECK(comment->scope == "_resize_and_assert_error");

    REQUIRE(file.try_blocks.size() == 1);
    CHECK(file.try_blocks[0].start_line == 15);
    CHECK(file.try_blocks[0].end_line == 20);
    CHECK(file.try_blocks[0].caught_types == Names{"ValueError", "KeyError", ""});

    REQUIRE(file.imports.size() == 3);
    CHECK(file.imports[0].names == Names{"path", "system"});
    CHECK(file.imports[0].text == "import os.path, sys as system");
    CHECK(file.imports[1].names == Names{"nova_fixtures", "utils"});
    CHECK(file.imports[2].names == Names{"*"});

    CHECK(has_reference(file, "self", 13));
    CHECK(has_reference(file, "api", 13));
    CHECK(has_reference(file, "get_flavors", 13));
    CHECK(has_reference(file, "server", 13));
    CHECK_FALSE(has_reference(file, "flavor1"));  // defined, not used
    CHECK_FALSE(has_reference(file, "retries"));  // a parameter never used
    CHECK_FALSE(has_reference(file, "error"));    // bound by except, not used

    const auto* call = find_call(file, "get_flavors");
    REQUIRE(call != nullptr);
    CHECK(call->text == "self.api.get_flavors");
    CHECK(call->line == 13);
    CHECK(call->arguments == 2);

    CHECK(std::any_of(file.literals.begin(), file.literals.end(),
        [](const auto& l) { return l.text == "'text'" && l.is_string && l.line == 23; }));
    CHECK(std::any_of(file.literals.begin(), file.literals.end(),
        [](const auto& l) { return l.text == "42" && !l.is_string; }));
}

TEST_CASE("vcs/syntax: java") {
    const std::string source = R"(package org.example;

import java.util.List;
import java.io.*;

/** A widget. */
@Entity
public class Widget extends Base {
    private int count = 0;

    // Builds it.
    @Override
    public void build(final List<String> parts, int... sizes) throws IOException {
        int total = parts.size();
        try (var reader = open()) {
            helper.run(total, "x", 3);
        } catch (IOException | IllegalStateException e) {
            log(e);
        }
    }

    Widget(int count) { this.count = count; }
}
)";
    auto file = vcs::parse_source("Widget.java", source);
    REQUIRE(file.parsed);
    const auto* klass = find_def(file, "Widget", rules::DefKind::class_);
    REQUIRE(klass != nullptr);
    CHECK(klass->start_line == 8);
    CHECK(klass->docstring_line == 6);
    CHECK(klass->docstring == "/** A widget. */");

    const auto* build = find_def(file, "build");
    REQUIRE(build != nullptr);
    CHECK(build->kind == rules::DefKind::method);
    CHECK(build->scope == "Widget");
    CHECK(build->start_line == 13);
    CHECK(parameter_names(*build) == Names{"parts", "sizes"});
    CHECK(build->docstring_line == 11);  // above the annotation

    const auto* constructor = find_def(file, "Widget", rules::DefKind::method);
    REQUIRE(constructor != nullptr);
    CHECK(parameter_names(*constructor) == Names{"count"});
    CHECK_FALSE(constructor->docstring_line.has_value());

    const auto* count = find_def(file, "count", rules::DefKind::field);
    REQUIRE(count != nullptr);
    CHECK(count->scope == "Widget");
    const auto* total = find_def(file, "total", rules::DefKind::variable);
    REQUIRE(total != nullptr);
    CHECK(total->scope == "build");

    const auto* comment = find_comment(file, "Builds it.");
    REQUIRE(comment != nullptr);
    CHECK(comment->start_line == 11);

    REQUIRE(file.try_blocks.size() == 1);
    CHECK(file.try_blocks[0].caught_types == Names{"IOException", "IllegalStateException"});
    CHECK(file.try_blocks[0].start_line == 15);
    CHECK(file.try_blocks[0].end_line == 19);

    REQUIRE(file.imports.size() == 2);
    CHECK(file.imports[0].names == Names{"List"});
    CHECK(file.imports[1].names == Names{"*"});

    CHECK(has_reference(file, "helper", 16));
    CHECK(has_reference(file, "total", 16));
    CHECK(has_reference(file, "List", 13));
    const auto* run = find_call(file, "run");
    REQUIRE(run != nullptr);
    CHECK(run->text == "helper.run");
    CHECK(run->arguments == 3);
    const auto* size = find_call(file, "size");
    REQUIRE(size != nullptr);
    CHECK(size->arguments == 0);
}

TEST_CASE("vcs/syntax: javascript") {
    const std::string source = R"(import React, { useState as useLocal, useEffect } from 'react';
const fs = require('fs');

/**
 * Renders the list.
 */
export function render(items, { compact = false }, ...rest) {
  // guard
  try {
    fs.writeFileSync(items.path, 'data', { flag: 'w' });
  } catch (err) {
    console.error(err);
  }
}

class Store {
  add(item) { this.items = [item]; }
}

const handler = async (event) => event.body;
)";
    auto file = vcs::parse_source("app.js", source);
    REQUIRE(file.parsed);
    const auto* render = find_def(file, "render");
    REQUIRE(render != nullptr);
    CHECK(render->kind == rules::DefKind::function);
    CHECK(parameter_names(*render) == Names{"items", "{ compact = false }", "...rest"});
    CHECK(render->docstring_line == 4);

    const auto* add = find_def(file, "add");
    REQUIRE(add != nullptr);
    CHECK(add->kind == rules::DefKind::method);
    CHECK(add->scope == "Store");
    CHECK_FALSE(add->docstring_line.has_value());
    const auto* items = find_def(file, "items", rules::DefKind::field);
    REQUIRE(items != nullptr);
    CHECK(items->scope == "Store");

    const auto* handler = find_def(file, "handler");
    REQUIRE(handler != nullptr);
    CHECK(handler->kind == rules::DefKind::function);
    CHECK(parameter_names(*handler) == Names{"event"});
    CHECK(find_def(file, "handler", rules::DefKind::variable) == nullptr);

    const auto* comment = find_comment(file, "guard");
    REQUIRE(comment != nullptr);
    CHECK(comment->start_line == 8);
    CHECK(comment->scope == "render");

    REQUIRE(file.try_blocks.size() == 1);
    CHECK(file.try_blocks[0].caught_types == Names{""});

    REQUIRE(file.imports.size() == 2);
    CHECK(file.imports[0].names == Names{"React", "useLocal", "useEffect"});
    CHECK(file.imports[1].names == Names{"fs"});
    CHECK(file.imports[1].line == 2);

    CHECK(has_reference(file, "writeFileSync", 10));
    CHECK(has_reference(file, "path", 10));
    CHECK_FALSE(has_reference(file, "flag"));  // an object key
    const auto* write = find_call(file, "writeFileSync");
    REQUIRE(write != nullptr);
    CHECK(write->text == "fs.writeFileSync");
    CHECK(write->arguments == 3);
}

TEST_CASE("vcs/syntax: typescript and tsx") {
    const std::string source = R"(import { Injectable } from "@angular/core";

interface Repo { find(id: number): Item; }

// Caches items.
export class Cache<T> implements Repo {
  private size: number = 10;
  constructor(private readonly repo: Repo, limit?: number) {}
  find(this: Cache<T>, id: number, ...rest: string[]): Item {
    try { return this.repo.find(id); } catch { return null; }
  }
}
)";
    auto file = vcs::parse_source("cache.ts", source);
    REQUIRE(file.parsed);
    const auto* klass = find_def(file, "Cache");
    REQUIRE(klass != nullptr);
    CHECK(klass->kind == rules::DefKind::class_);
    CHECK(klass->docstring_line == 5);
    const auto* repo = find_def(file, "Repo");
    REQUIRE(repo != nullptr);
    CHECK_FALSE(repo->docstring_line.has_value());

    const auto* constructor = find_def(file, "constructor");
    REQUIRE(constructor != nullptr);
    CHECK(parameter_names(*constructor) == Names{"repo", "limit"});
    const rules::Definition* find = nullptr;
    for (const auto& definition : file.definitions) {
        if (definition.name == "find" && definition.scope == "Cache") {
            find = &definition;
        }
    }
    REQUIRE(find != nullptr);
    CHECK(parameter_names(*find) == Names{"id", "...rest"});
    REQUIRE(find_def(file, "size", rules::DefKind::field) != nullptr);

    REQUIRE(find_comment(file, "Caches items.") != nullptr);
    CHECK(find_comment(file, "Caches items.")->start_line == 5);
    REQUIRE(file.try_blocks.size() == 1);
    CHECK(file.try_blocks[0].caught_types == Names{""});
    REQUIRE(file.imports.size() == 1);
    CHECK(file.imports[0].names == Names{"Injectable"});
    CHECK(has_reference(file, "Item", 9));
    const auto* call = find_call(file, "find");
    REQUIRE(call != nullptr);
    CHECK(call->text == "this.repo.find");
    CHECK(call->arguments == 1);

    auto tsx =
        vcs::parse_source("view.tsx", "export const View = (props: Props) => <div>{props.title}</div>;\n");
    REQUIRE(tsx.parsed);
    CHECK(tsx.language == "tsx");
    REQUIRE(find_def(tsx, "View") != nullptr);
    CHECK(parameter_names(*find_def(tsx, "View")) == Names{"props"});
    CHECK(has_reference(tsx, "title", 1));
}

TEST_CASE("vcs/syntax: go") {
    const std::string source = R"(package server

import (
	"fmt"
	str "strings"
)

// Server serves.
type Server struct {
	name string
}

// Serve handles one request.
func (s *Server) Serve(ctx context.Context, a, b int, rest ...string) error {
	msg := fmt.Sprintf("%s %d", s.name, a)
	// log it
	return str.ToUpper(msg)
}

func helper() {}
)";
    auto file = vcs::parse_source("server.go", source);
    REQUIRE(file.parsed);
    const auto* type = find_def(file, "Server");
    REQUIRE(type != nullptr);
    CHECK(type->kind == rules::DefKind::class_);
    CHECK(type->docstring_line == 8);
    const auto* serve = find_def(file, "Serve");
    REQUIRE(serve != nullptr);
    CHECK(serve->kind == rules::DefKind::method);
    CHECK(serve->scope == "Server");
    CHECK(parameter_names(*serve) == Names{"ctx", "a", "b", "rest"});
    CHECK(serve->docstring_line == 13);
    CHECK(serve->docstring == "// Serve handles one request.");
    const auto* helper = find_def(file, "helper");
    REQUIRE(helper != nullptr);
    CHECK_FALSE(helper->docstring_line.has_value());
    CHECK(helper->parameters.empty());
    REQUIRE(find_def(file, "name", rules::DefKind::field) != nullptr);
    REQUIRE(find_def(file, "msg", rules::DefKind::variable) != nullptr);

    REQUIRE(find_comment(file, "log it") != nullptr);
    CHECK(find_comment(file, "log it")->start_line == 16);
    CHECK(find_comment(file, "log it")->scope == "Serve");
    CHECK(file.try_blocks.empty());

    REQUIRE(file.imports.size() == 2);
    CHECK(file.imports[0].names == Names{"fmt"});
    CHECK(file.imports[1].names == Names{"str"});

    CHECK(has_reference(file, "name", 15));
    CHECK(has_reference(file, "s", 15));
    const auto* sprintf = find_call(file, "Sprintf");
    REQUIRE(sprintf != nullptr);
    CHECK(sprintf->text == "fmt.Sprintf");
    CHECK(sprintf->arguments == 3);
}

TEST_CASE("vcs/syntax: c") {
    const std::string source = R"(#include <stdio.h>
#include "util.h"

/* A point. */
struct point { int x; int y; };

// Adds things.
static int add(int a, const char **names, ...) {
    int total = a; /* trailing */
    return printf("%d %s", total, names[0]);
}

int no_args(void);
int unnamed(int, char *);
)";
    auto file = vcs::parse_source("add.c", source);
    REQUIRE(file.parsed);
    const auto* add = find_def(file, "add");
    REQUIRE(add != nullptr);
    CHECK(add->kind == rules::DefKind::function);
    CHECK(parameter_names(*add) == Names{"a", "names", "..."});
    CHECK(add->docstring_line == 7);
    const auto* point = find_def(file, "point");
    REQUIRE(point != nullptr);
    CHECK(point->kind == rules::DefKind::class_);
    CHECK(point->docstring_line == 4);
    REQUIRE(find_def(file, "no_args") != nullptr);
    CHECK(find_def(file, "no_args")->parameters.empty());
    CHECK_FALSE(find_def(file, "no_args")->docstring_line.has_value());
    REQUIRE(find_def(file, "unnamed") != nullptr);
    CHECK(find_def(file, "unnamed")->parameters.size() == 2);
    REQUIRE(find_def(file, "x", rules::DefKind::field) != nullptr);
    REQUIRE(find_def(file, "total", rules::DefKind::variable) != nullptr);

    REQUIRE(find_comment(file, "trailing") != nullptr);
    CHECK(find_comment(file, "trailing")->start_line == 9);
    CHECK(find_comment(file, "trailing")->scope == "add");
    CHECK(file.try_blocks.empty());
    REQUIRE(file.imports.size() == 2);
    CHECK(file.imports[0].names == Names{"stdio.h"});
    CHECK(file.imports[1].names == Names{"util.h"});
    CHECK(has_reference(file, "total", 10));
    const auto* printf_call = find_call(file, "printf");
    REQUIRE(printf_call != nullptr);
    CHECK(printf_call->arguments == 3);
}

TEST_CASE("vcs/syntax: cpp") {
    const std::string source = R"(#include <vector>

namespace app {
/// A widget.
class Widget : public Base {
public:
    explicit Widget(int size);
    void resize(int width, const std::string& label = "") const;
private:
    int m_size = 0;
};

void Widget::resize(int width, const std::string& label) const {
    try {
        layout(width, label);
    } catch (const std::out_of_range& error) {
    } catch (...) {
    }
    auto made = std::make_unique<Widget>(1);
}
}  // namespace app
)";
    auto file = vcs::parse_source("widget.cpp", source);
    REQUIRE(file.parsed);
    const auto* klass = find_def(file, "Widget", rules::DefKind::class_);
    REQUIRE(klass != nullptr);
    CHECK(klass->docstring_line == 4);
    std::vector<const rules::Definition*> resizes;
    for (const auto& definition : file.definitions) {
        if (definition.name == "resize") {
            resizes.push_back(&definition);
        }
    }
    REQUIRE(resizes.size() == 2);  // the declaration and the out-of-class definition
    for (const auto* resize : resizes) {
        CHECK(resize->kind == rules::DefKind::method);
        CHECK(resize->scope == "Widget");
        CHECK(parameter_names(*resize) == Names{"width", "label"});
    }
    CHECK(resizes[1]->start_line == 13);
    CHECK_FALSE(resizes[1]->docstring_line.has_value());
    REQUIRE(find_def(file, "m_size", rules::DefKind::field) != nullptr);

    REQUIRE(find_comment(file, "namespace app") != nullptr);
    CHECK(find_comment(file, "namespace app")->start_line == 21);
    REQUIRE(file.try_blocks.size() == 1);
    CHECK(file.try_blocks[0].caught_types == Names{"std::out_of_range", ""});
    CHECK(file.try_blocks[0].start_line == 14);
    REQUIRE(file.imports.size() == 1);
    CHECK(file.imports[0].names == Names{"vector"});
    CHECK(has_reference(file, "layout", 15));
    CHECK_FALSE(has_reference(file, "error"));
    const auto* make = find_call(file, "make_unique");
    REQUIRE(make != nullptr);
    CHECK(make->text == "std::make_unique<Widget>");
    CHECK(make->arguments == 1);
}

TEST_CASE("vcs/syntax: rust") {
    const std::string source = R"(use std::collections::{HashMap, HashSet as Set};
use std::io;

/// A store.
#[derive(Debug)]
pub struct Store {
    items: HashMap<String, u32>,
}

impl Store {
    /// Adds an item.
    pub fn add(&mut self, name: &str, mut count: u32) -> io::Result<()> {
        // count it
        let total = self.items.len();
        println!("{} {}", name, total);
        helper(count, 2)
    }

    fn plain(&self) {}
}
)";
    auto file = vcs::parse_source("store.rs", source);
    REQUIRE(file.parsed);
    const auto* store = find_def(file, "Store");
    REQUIRE(store != nullptr);
    CHECK(store->kind == rules::DefKind::class_);
    CHECK(store->docstring_line == 4);
    CHECK(store->docstring == "/// A store.");
    const auto* add = find_def(file, "add");
    REQUIRE(add != nullptr);
    CHECK(add->kind == rules::DefKind::method);
    CHECK(add->scope == "Store");
    CHECK(parameter_names(*add) == Names{"self", "name", "count"});
    CHECK(add->docstring_line == 11);
    const auto* plain = find_def(file, "plain");
    REQUIRE(plain != nullptr);
    CHECK_FALSE(plain->docstring_line.has_value());
    REQUIRE(find_def(file, "items", rules::DefKind::field) != nullptr);
    REQUIRE(find_def(file, "total", rules::DefKind::variable) != nullptr);

    REQUIRE(find_comment(file, "count it") != nullptr);
    CHECK(find_comment(file, "count it")->start_line == 13);
    CHECK(find_comment(file, "count it")->text == "// count it");
    CHECK(file.try_blocks.empty());
    REQUIRE(file.imports.size() == 2);
    CHECK(file.imports[0].names == Names{"HashMap", "Set"});
    CHECK(file.imports[1].names == Names{"io"});
    CHECK(has_reference(file, "items", 14));
    CHECK(has_reference(file, "self", 14));
    const auto* println = find_call(file, "println");
    REQUIRE(println != nullptr);
    CHECK(println->text == "println!");
    CHECK(println->arguments == 3);
    const auto* helper = find_call(file, "helper");
    REQUIRE(helper != nullptr);
    CHECK(helper->arguments == 2);
}

TEST_CASE("vcs/syntax: loop, with and walrus targets bind names instead of using them") {
    auto python = vcs::parse_source("loops.py", R"(def run(items):
    for index, item in enumerate(items):
        pass
    with open(items) as handle:
        pass
    if (count := len(items)) > 1:
        return [x for x in items]
    for self.cursor in items:
        pass
)");
    REQUIRE(python.parsed);
    for (const char* name : {"index", "item", "handle", "count"}) {
        INFO(name);
        CHECK_FALSE(has_reference(python, name));
        REQUIRE(find_def(python, name, rules::DefKind::variable) != nullptr);
        CHECK(find_def(python, name, rules::DefKind::variable)->scope == "run");
    }
    CHECK(has_reference(python, "x", 7));  // the comprehension's result uses x
    CHECK(has_reference(python, "self", 8));
    CHECK(has_reference(python, "cursor", 8));

    auto java = vcs::parse_source("Loop.java", R"(class Loop {
    enum Color { RED }
    void run(java.util.List<String> names) {
        for (String name : names) { }
        try (var in = open()) { }
    }
}
)");
    REQUIRE(java.parsed);
    CHECK_FALSE(has_reference(java, "name"));
    REQUIRE(find_def(java, "name", rules::DefKind::variable) != nullptr);
    REQUIRE(find_def(java, "in", rules::DefKind::variable) != nullptr);
    REQUIRE(find_def(java, "RED", rules::DefKind::field) != nullptr);
    CHECK(find_def(java, "RED", rules::DefKind::field)->scope == "Color");

    auto go = vcs::parse_source(
        "loop.go", "package p\n\nfunc run(xs []int) {\n\tfor i, x := range xs {\n\t\t_ = i\n\t}\n}\n");
    REQUIRE(go.parsed);
    REQUIRE(find_def(go, "x", rules::DefKind::variable) != nullptr);
    CHECK(has_reference(go, "i", 5));
    CHECK_FALSE(has_reference(go, "x"));

    auto rust = vcs::parse_source(
        "loop.rs", "fn run(xs: &[u8]) {\n    for x in xs {}\n    if let Some(y) = xs.first() {}\n}\n");
    REQUIRE(rust.parsed);
    REQUIRE(find_def(rust, "x", rules::DefKind::variable) != nullptr);
    REQUIRE(find_def(rust, "y", rules::DefKind::variable) != nullptr);
    CHECK_FALSE(has_reference(rust, "y"));
}
