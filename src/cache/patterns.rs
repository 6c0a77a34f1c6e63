//! `allow_patterns` / `ignore_patterns`: Python's `fnmatch.fnmatchcase` on whole
//! repository paths (hub-transfer §7.3).
//!
//! Unlike path-aware globs, `*` matches any run of characters **including `/`**
//! (`*.json` matches `a/b/c.json`), `?` matches one character (also `/`), `**`
//! is just two stars, `[abc]`, `[a-z]` and `[!abc]` are character classes, and
//! there is no escape character. Matching is case-sensitive on every platform
//! (as Python ≥1.22 everywhere, and 0.22 outside Windows). A pattern ending in
//! `/` matches everything below that folder (`"logs/"` ≡ `"logs/*"`, Python ≥0.24).
//! The class syntax follows CPython's `fnmatch.translate` exactly, including its
//! treatment of reversed ranges (`[z-a]` matches nothing) and of `-` at either end;
//! the unit tests hold a table computed with CPython's `fnmatch.fnmatchcase`.

/// One compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Char(char),
    Any,
    Star,
    Class {
        negated: bool,
        chars: Vec<char>,
        ranges: Vec<(char, char)>,
    },
    /// An empty class: matches nothing.
    Never,
}

impl Token {
    fn matches(&self, c: char) -> bool {
        match self {
            Token::Char(x) => *x == c,
            Token::Any => true,
            Token::Star => true,
            Token::Never => false,
            Token::Class {
                negated,
                chars,
                ranges,
            } => {
                let inside =
                    chars.contains(&c) || ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                inside != *negated
            }
        }
    }
}

impl Pattern {
    /// Compiles a pattern (a trailing `/` gets a `*`, as Python ≥0.24 does).
    pub fn new(pattern: &str) -> Pattern {
        let mut owned = pattern.to_owned();
        if owned.ends_with('/') {
            owned.push('*');
        }
        Pattern {
            tokens: compile(&owned.chars().collect::<Vec<_>>()),
        }
    }

    /// Whether the whole of `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        let s: Vec<char> = name.chars().collect();
        let t = &self.tokens;
        let (mut si, mut ti) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None; // (token after the star, position in s)
        while si < s.len() {
            if ti < t.len() && t[ti] == Token::Star {
                star = Some((ti + 1, si));
                ti += 1;
            } else if ti < t.len() && t[ti].matches(s[si]) {
                ti += 1;
                si += 1;
            } else if let Some((after, pos)) = star {
                ti = after;
                si = pos + 1;
                star = Some((after, pos + 1));
            } else {
                return false;
            }
        }
        t[ti..].iter().all(|x| *x == Token::Star)
    }
}

/// CPython's `fnmatch.translate`, producing tokens instead of a regex.
fn compile(pat: &[char]) -> Vec<Token> {
    let n = pat.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = pat[i];
        i += 1;
        match c {
            '*' => {
                if out.last() != Some(&Token::Star) {
                    out.push(Token::Star);
                }
            }
            '?' => out.push(Token::Any),
            '[' => {
                let mut j = i;
                if j < n && pat[j] == '!' {
                    j += 1;
                }
                if j < n && pat[j] == ']' {
                    j += 1;
                }
                while j < n && pat[j] != ']' {
                    j += 1;
                }
                if j >= n {
                    out.push(Token::Char('['));
                    continue;
                }
                let stuff = &pat[i..j];
                let chunks: Vec<Vec<char>> = if !stuff.contains(&'-') {
                    vec![stuff.to_vec()]
                } else {
                    let mut chunks: Vec<Vec<char>> = Vec::new();
                    let mut start = i;
                    let mut k = if pat[i] == '!' { i + 2 } else { i + 1 };
                    loop {
                        let found = (k..j).find(|&x| pat[x] == '-');
                        let Some(kk) = found else { break };
                        chunks.push(pat[start..kk].to_vec());
                        start = kk + 1;
                        k = kk + 3;
                    }
                    let chunk = pat[start..j].to_vec();
                    if !chunk.is_empty() {
                        chunks.push(chunk);
                    } else if let Some(last) = chunks.last_mut() {
                        last.push('-');
                    }
                    // Remove empty ranges (reversed bounds), as CPython does.
                    let mut k = chunks.len().saturating_sub(1);
                    while k > 0 {
                        let prev_last = chunks[k - 1].last().copied();
                        let first = chunks[k].first().copied();
                        if let (Some(a), Some(b)) = (prev_last, first) {
                            if a > b {
                                let tail: Vec<char> = chunks[k][1..].to_vec();
                                chunks[k - 1].pop();
                                chunks[k - 1].extend(tail);
                                chunks.remove(k);
                            }
                        }
                        k -= 1;
                    }
                    chunks
                };
                i = j + 1;
                let flat: Vec<char> = chunks.iter().flatten().copied().collect();
                if flat.is_empty() {
                    out.push(Token::Never);
                    continue;
                }
                if flat == ['!'] && chunks.len() == 1 {
                    out.push(Token::Any);
                    continue;
                }
                // Chunks are joined by range hyphens: the last char of one chunk and
                // the first of the next bound a range; every other char is literal.
                let negated = chunks[0].first() == Some(&'!');
                let mut chars = Vec::new();
                let mut ranges = Vec::new();
                let last_chunk = chunks.len() - 1;
                for (m, chunk) in chunks.iter().enumerate() {
                    let skip_first = usize::from(m == 0 && negated);
                    for (p, &ch) in chunk.iter().enumerate().skip(skip_first) {
                        let is_range_end = m > 0 && p == 0;
                        let is_range_start = m < last_chunk && p == chunk.len() - 1;
                        if is_range_start {
                            let hi = chunks[m + 1][0];
                            ranges.push((ch, hi));
                        } else if !is_range_end {
                            chars.push(ch);
                        }
                    }
                }
                out.push(Token::Class {
                    negated,
                    chars,
                    ranges,
                });
            }
            other => out.push(Token::Char(other)),
        }
    }
    out
}

/// Python's `filter_repo_objects` on paths: kept iff (no allow list, or it
/// matches one allow pattern) and it matches no ignore pattern. `Some(vec![])`
/// as allow list keeps nothing.
pub fn filter_paths<'a, I>(
    paths: I,
    allow: Option<&[String]>,
    ignore: Option<&[String]>,
) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let allow: Option<Vec<Pattern>> = allow.map(|a| a.iter().map(|p| Pattern::new(p)).collect());
    let ignore: Vec<Pattern> = ignore
        .unwrap_or_default()
        .iter()
        .map(|p| Pattern::new(p))
        .collect();
    paths
        .into_iter()
        .filter(|p| {
            allow
                .as_ref()
                .is_none_or(|a| a.iter().any(|x| x.matches(p)))
        })
        .filter(|p| !ignore.iter().any(|x| x.matches(p)))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern, name, CPython 3.11 `fnmatch.fnmatchcase(name, pattern)`), computed with
    /// `python3 -c 'import fnmatch; print(fnmatch.fnmatchcase(n, p))'` for each row.
    const PYTHON_TABLE: &[(&str, &str, bool)] = include!("fnmatch_table.in");

    #[test]
    fn matches_python_fnmatchcase() {
        let mut wrong = Vec::new();
        for &(p, n, want) in PYTHON_TABLE {
            // The table is computed on raw patterns: skip the trailing-slash rule here.
            let got = Pattern {
                tokens: compile(&p.chars().collect::<Vec<_>>()),
            }
            .matches(n);
            if got != want {
                wrong.push(format!("{p:?} vs {n:?}: python {want}, hfhub {got}"));
            }
        }
        assert!(PYTHON_TABLE.len() > 100);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn filter_like_python() {
        let paths = [
            "config.json",
            "a/b/c.json",
            "model.safetensors",
            "logs/x.txt",
            "README.md",
        ];
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            filter_paths(paths, Some(&s(&["*.json"])), None),
            ["config.json", "a/b/c.json"]
        );
        assert_eq!(
            filter_paths(paths, None, Some(&s(&["*.json", "logs/"]))),
            ["model.safetensors", "README.md"]
        );
        assert!(filter_paths(paths, Some(&[]), None).is_empty());
        assert_eq!(
            filter_paths(paths, Some(&s(&["*"])), Some(&s(&["*.md"]))).len(),
            4
        );
    }
}
