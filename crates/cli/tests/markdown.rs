//! The repository's Markdown renders as written: in every tracked *.md file, code fences are
//! balanced (a stray fence turns the rest of a README into one code block), and every
//! relative link or image resolves to a tracked file inside the repository, with its
//! `#anchor` when it names a heading of a Markdown file. Links to other sites are not
//! fetched. The checker is plain Rust (no Markdown library): CommonMark's fence rules, and
//! GitHub's heading anchors.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// A problem at a line (1-based) of a file.
type Problem = (usize, String);

/// An open or closing code fence: its character (` or ~), its length, and its info string.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let t = line.trim_start();
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|x| *x == c).count();
    let info = t[n..].trim();
    // A backtick fence's info string has no backtick (```a``` is inline code, not a fence).
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n, info))
}

/// Each line's text, or None inside a code block (fences included); and the fence problems.
fn outside_code(text: &str) -> (Vec<Option<&str>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut open: Option<(char, usize, usize)> = None; // (char, length, line)
    let mut lines = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        match (open, fence(line)) {
            (None, Some((c, n, _))) => {
                open = Some((c, n, number));
                lines.push(None);
            }
            (None, None) => lines.push(Some(line)),
            (Some((c, n, _)), Some((c2, n2, ""))) if c2 == c && n2 >= n => {
                open = None;
                lines.push(None);
            }
            (Some((c, n, from)), Some((c2, n2, info))) if c2 == c && n2 >= n => {
                // Legal CommonMark (it is text inside the block), but it is how a missing or
                // stray fence shows: "```sh" meant to open a block is read as code.
                problems.push((
                    number,
                    format!("fence with info string {info:?} inside the code block opened on line {from} (a fence missing or stray before it?)"),
                ));
                lines.push(None);
            }
            (Some(_), _) => lines.push(None),
        }
    }
    if let Some((_, _, from)) = open {
        problems.push((from, "code block never closed".to_string()));
    }
    (lines, problems)
}

/// The line without its inline code spans (`…`, ``…``).
fn without_code_spans(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let mut kept = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|c| **c == b'`').count();
        // The span ends at the next run of exactly n backticks.
        let mut j = i + n;
        let mut end = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|c| **c == b'`').count();
                if m == n {
                    end = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match end {
            Some(e) => {
                out.push_str(&line[kept..i]);
                kept = e;
                i = e;
            }
            None => i += n,
        }
    }
    out.push_str(&line[kept..]);
    out
}

/// Link and image targets outside code: `[text](target "title")`, `[ref]: target`.
fn link_targets(lines: &[Option<&str>]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(line) = line else { continue };
        let line = without_code_spans(line);
        // Reference definitions.
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('[').and_then(|r| r.split_once("]:")).map(|(_, r)| r.trim()) {
            if let Some(target) = rest.split_whitespace().next() {
                out.push((i + 1, target.trim_matches(['<', '>']).to_string()));
            }
        }
        // Inline links and images: "](" then the target up to its matching ")".
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let mut depth = 0;
            let mut end = after.len();
            for (k, c) in after.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' if depth == 0 => {
                        end = k;
                        break;
                    }
                    ')' => depth -= 1,
                    _ => {}
                }
            }
            let inside = after[..end].trim();
            let target = if let Some(angle) = inside.strip_prefix('<') {
                angle.split('>').next().unwrap_or("")
            } else {
                inside.split_whitespace().next().unwrap_or("")
            };
            out.push((i + 1, target.to_string()));
            rest = &after[end.min(after.len())..];
        }
    }
    out
}

/// GitHub's anchors for a file's ATX headings: lower case, letters, digits, `-` and `_`
/// kept, spaces to `-`, everything else dropped; a repeated one gets `-1`, `-2`, ….
fn anchors(lines: &[Option<&str>]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    for line in lines.iter().flatten() {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if !(1..=6).contains(&hashes) || !(t[hashes..].starts_with(' ') || t[hashes..].is_empty()) {
            continue;
        }
        let title = t[hashes..].trim().trim_end_matches('#').trim();
        let mut slug = String::new();
        for c in title.chars() {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                slug.extend(c.to_lowercase());
            } else if c == ' ' {
                slug.push('-');
            }
        }
        let mut unique = slug.clone();
        let mut n = 0;
        while seen.contains(&unique) {
            n += 1;
            unique = format!("{slug}-{n}");
        }
        seen.insert(unique);
    }
    seen
}

/// `a/./b/../c` → `a/c`; None if it climbs above the start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// What the checker knows of the repository: its tracked files (relative paths).
struct Repo {
    files: BTreeSet<PathBuf>,
}

impl Repo {
    fn has_file(&self, p: &Path) -> bool {
        self.files.contains(p)
    }
    fn has_dir(&self, p: &Path) -> bool {
        p.as_os_str().is_empty() || self.files.iter().any(|f| f.starts_with(p) && f != p)
    }
}

/// Every problem of one Markdown file (`file` relative to the repository root).
fn check(file: &Path, text: &str, repo: &Repo, read: &dyn Fn(&Path) -> Option<String>) -> Vec<Problem> {
    let (lines, mut problems) = outside_code(text);
    let here = file.parent().unwrap_or(Path::new(""));
    for (line, target) in link_targets(&lines) {
        let has_scheme = target.split_once(':').is_some_and(|(s, _)| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if target.is_empty() {
            problems.push((line, "empty link target".into()));
            continue;
        }
        if has_scheme || target.starts_with("//") {
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target.as_str(), None),
        };
        let path = path.replace("%20", " ");
        let resolved = if path.is_empty() {
            Some(file.to_path_buf())
        } else if let Some(from_root) = path.strip_prefix('/') {
            normalize(Path::new(from_root))
        } else {
            normalize(&here.join(&path))
        };
        let Some(resolved) = resolved else {
            problems.push((line, format!("{target}: outside the repository")));
            continue;
        };
        if !repo.has_file(&resolved) && !repo.has_dir(&resolved) {
            problems.push((line, format!("{target}: no tracked file {}", resolved.display())));
            continue;
        }
        if let Some(anchor) = anchor.filter(|_| resolved.extension().is_some_and(|e| e == "md")) {
            let target_text = if resolved == file { Some(text.to_string()) } else { read(&resolved) };
            let found = target_text.is_some_and(|t| anchors(&outside_code(&t).0).contains(anchor));
            if !found {
                problems.push((line, format!("{target}: no heading #{anchor} in {}", resolved.display())));
            }
        }
    }
    problems
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository's tracked files: `git ls-files`, or, without git (an unpacked archive),
/// every file outside build output.
fn tracked(root: &Path) -> BTreeSet<PathBuf> {
    let git = Command::new("git").arg("-C").arg(root).args(["ls-files", "-z"]).output();
    if let Some(out) = git.ok().filter(|o| o.status.success() && !o.stdout.is_empty()) {
        return out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
            .collect();
    }
    let mut files = BTreeSet::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(root.join(&d)).into_iter().flatten().flatten() {
            let name = e.file_name();
            let rel = d.join(&name);
            let skip = ["target", "node_modules", "dist", ".git"].iter().any(|s| name == *s);
            match e.file_type() {
                Ok(t) if t.is_dir() && !skip => dirs.push(rel),
                Ok(t) if t.is_file() => {
                    files.insert(rel);
                }
                _ => {}
            }
        }
    }
    files
}

#[test]
fn every_markdown_file_has_balanced_fences_and_links_that_resolve() {
    let root = root();
    let repo = Repo { files: tracked(&root) };
    let read = |p: &Path| std::fs::read_to_string(root.join(p)).ok();
    let markdown: Vec<&PathBuf> = repo.files.iter().filter(|f| f.extension().is_some_and(|e| e == "md")).collect();
    assert!(markdown.iter().any(|f| f.as_path() == Path::new("README.md")), "found no README.md under {root:?}");
    let mut report = Vec::new();
    for file in markdown {
        let Some(text) = read(file) else { continue }; // tracked but deleted in the work tree
        for (line, what) in check(file, &text, &repo, &read) {
            report.push(format!("{}:{line}: {what}", file.display()));
        }
    }
    assert!(report.is_empty(), "Markdown problems:\n{}", report.join("\n"));
}

// The checker itself, on small texts: each problem it exists to find, and no false alarm.

fn repo_of(files: &[&str]) -> Repo {
    Repo { files: files.iter().map(PathBuf::from).collect() }
}

fn problems(file: &str, text: &str, repo: &Repo, others: &[(&str, &str)]) -> Vec<Problem> {
    let others: Vec<(PathBuf, String)> = others.iter().map(|(p, t)| (PathBuf::from(p), t.to_string())).collect();
    let read = |p: &Path| others.iter().find(|(q, _)| q == p).map(|(_, t)| t.clone());
    check(Path::new(file), text, repo, &read)
}

#[test]
fn finds_a_stray_fence_and_an_unclosed_block() {
    let repo = repo_of(&["README.md"]);
    // The README's old bug: a close, then a stray bare fence that swallows what follows.
    let stray = "```rust\nlet a = 1;\n```\n```\n\n- text\n\n```sh\ncargo test\n```\n";
    let p = problems("README.md", stray, &repo, &[]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].0, 8);
    assert!(p[0].1.contains("opened on line 4"), "{p:?}");

    let unclosed = "text\n\n~~~\ncode\n";
    assert_eq!(problems("README.md", unclosed, &repo, &[]), vec![(3, "code block never closed".to_string())]);

    // Balanced, with a longer fence quoting a shorter one, tildes, and indented fences.
    let fine = "````md\n```sh\nx\n```\n````\n~~~\n```\n~~~\n- item\n\n  ```sh\n  y\n  ```\n``inline ``` code``\n";
    assert_eq!(problems("README.md", fine, &repo, &[]), vec![]);
}

#[test]
fn finds_links_that_do_not_resolve() {
    let repo = repo_of(&["README.md", "crates/feed/README.md", "crates/core/doc/PROTOCOL.md", "img/a.png"]);
    let protocol = "# The protocol\n\n## HTTP API\n\n## Numbers: `*_int`, exact\n";
    let others = [("crates/core/doc/PROTOCOL.md", protocol)];
    let text = "\
[ok](crates/feed/README.md) ![ok](img/a.png) [ok](crates/core/doc/PROTOCOL.md#http-api)
[ok](crates/core/doc/PROTOCOL.md#numbers-_int-exact) [dir](crates/feed) [web](https://example.com/x.md)
[self](#local) [mail](mailto:a@example.com) `[code](nowhere.md)`

## Local

[gone](crates/cli/README.md)
[out](../shared/PROTOCOL.md)
[anchor](crates/core/doc/PROTOCOL.md#nope) [root](/img/b.png)
[ref]: docs/missing.md
```
[in a block](missing.md)
```
";
    let p = problems("README.md", text, &repo, &others);
    let lines: Vec<usize> = p.iter().map(|x| x.0).collect();
    assert_eq!(lines, vec![7, 8, 9, 9, 10], "{p:?}");
    assert!(p[0].1.contains("crates/cli/README.md"));
    assert!(p[1].1.contains("outside the repository"));
    assert!(p[2].1.contains("#nope"));
    assert!(p[3].1.contains("img/b.png"));
    // Relative to the file's own folder.
    let feed = "[protocol](../core/doc/PROTOCOL.md) [bench](../../README.md) [bad](../../../shared/PROTOCOL.md)";
    let p = problems("crates/feed/README.md", feed, &repo, &others);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].1.contains("outside the repository"));
}
