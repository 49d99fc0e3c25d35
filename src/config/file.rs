//! The configuration file: where it is, reading it (refusing one far too large), parsing it with
//! errors that name the line and the key, and resolving the relative paths in it.

use std::path::{Path, PathBuf};

use super::{ConfigError, DEFAULT_CONFIG_FILE, FileConfig};
use crate::cli::RunArgs as Cli;

/// Parses `text` (the contents of `path`).
pub fn parse_file(path: &Path, text: &str) -> Result<FileConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let start = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        let line_text = text.lines().nth(line - 1).unwrap_or("");
        let message = e.message().trim_end_matches('.').to_string();
        // serde names the key for unknown fields; for type errors the span is the value, so name
        // the key written on that line.
        let problem = match line_text.split_once('=') {
            Some((key, _)) if !message.contains("unknown field") => {
                format!("key `{}`: {message}", key.trim())
            }
            _ => message,
        };
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            problem: one_line(&problem),
        }
    })
}

/// Escapes control characters (a key may hold `\r` or an escaped `\n`), so an error stays one line.
fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| -> Vec<char> {
            if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// A configuration file is a few kilobytes; anything far larger is a mistake, refused before parsing.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The configuration file to read, the first of: `--config PATH` (or `$BEDROCK_COLLECTOR_CONFIG`,
/// through clap), `./config.toml`, `$XDG_CONFIG_HOME/bedrock-collector/config.toml` (else
/// `~/.config/bedrock-collector/config.toml`). `None`: no file, the defaults.
pub fn config_path(cli: &Cli) -> Option<PathBuf> {
    if let Some(p) = &cli.config {
        return Some(p.clone());
    }
    if Path::new(DEFAULT_CONFIG_FILE).is_file() {
        return Some(PathBuf::from(DEFAULT_CONFIG_FILE));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let path = base.join("bedrock-collector").join(DEFAULT_CONFIG_FILE);
    path.is_file().then_some(path)
}

/// Reads the configuration file found by [`config_path`]. Relative paths inside it are resolved
/// against the file's directory, so the same file works from any working directory.
pub fn load_file(cli: &Cli) -> Result<(Option<PathBuf>, FileConfig), ConfigError> {
    let Some(path) = config_path(cli) else {
        return Ok((None, FileConfig::default()));
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_CONFIG_BYTES {
        return Err(ConfigError::Value(format!(
            "config file {} is {size} bytes; a configuration file is at most {MAX_CONFIG_BYTES}",
            path.display()
        )));
    }
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let mut file = parse_file(&path, &text)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    resolve_relative(&mut file, dir);
    Ok((Some(path), file))
}

/// Makes the relative paths of `file` relative to `dir` (the config file's directory). An empty
/// path (`cache.dir = ""` disables the cache) stays empty.
fn resolve_relative(file: &mut FileConfig, dir: &Path) {
    if dir.as_os_str().is_empty() {
        return;
    }
    let fix = |p: &mut Option<PathBuf>| {
        if let Some(path) = p
            && path.is_relative()
            && !path.as_os_str().is_empty()
        {
            *path = dir.join(&*path);
        }
    };
    fix(&mut file.output);
    fix(&mut file.changes);
    if let Some(f) = &mut file.feed {
        fix(&mut f.path);
    }
    if let Some(s) = &mut file.sources {
        fix(&mut s.price_list_dir);
        fix(&mut s.litellm_file);
        fix(&mut s.corrections_file);
    }
    if let Some(c) = &mut file.cache {
        fix(&mut c.dir);
    }
}
