//! Reading a bank's bytes as text: binary detection, legacy encodings, and repair
//! of mojibake (UTF-8 that was once decoded as Mac Roman or Windows-1252).
//!
//! Repair is exact or nothing: a line is re-encoded to the single-byte charset and
//! decoded as UTF-8; only when every character maps back and the bytes are valid
//! UTF-8 does the repaired line replace the original. Clean text never round-trips
//! (a lone "é" becomes an invalid UTF-8 byte), so it is never touched.

use std::collections::HashMap;
use std::sync::OnceLock;

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

/// Why bytes are not a story bank.
#[derive(Debug, PartialEq)]
pub enum NotText {
    Binary,
}

/// Decodes a file's bytes: UTF-8 (BOM dropped), else Windows-1252. NUL bytes or
/// many control characters mean a binary file.
pub fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len().max(1) {
        return Err(NotText::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// Repairs each mangled line of `text`; returns the text and how many lines changed.
pub fn repair(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut fixed = 0;
    for line in text.split_inclusive('\n') {
        match repair_line(line) {
            Some(good) => {
                out.push_str(&good);
                fixed += 1;
            }
            None => out.push_str(line),
        }
    }
    (out, fixed)
}

/// The repaired line, when `line` is exactly UTF-8 read through one of the charsets.
pub fn repair_line(line: &str) -> Option<String> {
    if line.is_ascii() {
        return None;
    }
    // Both charsets can round-trip the same line ("Ã©" is valid either way);
    // the reading with fewer implausible characters wins, Mac Roman on a tie.
    [reverse(MACINTOSH), reverse(WINDOWS_1252)]
        .into_iter()
        .filter_map(|table| round_trip(line, table))
        .min_by_key(|s| implausible(s))
}

/// Characters that real text rarely holds: C1 controls, private use, combining
/// marks, replacement characters.
fn implausible(s: &str) -> usize {
    s.chars()
        .filter(
            |c| matches!(u32::from(*c), 0x80..=0x9F | 0xE000..=0xF8FF | 0x0300..=0x036F | 0xFFFD),
        )
        .count()
}

fn round_trip(line: &str, table: &HashMap<char, u8>) -> Option<String> {
    let mut bytes = Vec::with_capacity(line.len());
    for c in line.chars() {
        if c.is_ascii() {
            bytes.push(c as u8);
        } else {
            bytes.push(*table.get(&c)?);
        }
    }
    let good = String::from_utf8(bytes).ok()?;
    (good != line).then_some(good)
}

/// char -> byte for the high half of a single-byte charset, built once.
fn reverse(enc: &'static Encoding) -> &'static HashMap<char, u8> {
    static MAC: OnceLock<HashMap<char, u8>> = OnceLock::new();
    static WIN: OnceLock<HashMap<char, u8>> = OnceLock::new();
    let cell = if enc == MACINTOSH { &MAC } else { &WIN };
    cell.get_or_init(|| {
        let mut map = HashMap::new();
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (s, _) = enc.decode_without_bom_handling(&byte);
            if let Some(c) = s.chars().next() {
                if c != '\u{FFFD}' {
                    map.insert(c, b);
                }
            }
        }
        map
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repair_table() {
        let cases: &[(&str, &str)] = &[
            // Mac Roman mojibake, as in the seed bank
            ("source ‚Üí bronze", "source → bronze"),
            ("Chose speed ‚Äî why?", "Chose speed — why?"),
            ("## 1Ô∏è‚É£ Ownership", "## 1️⃣ Ownership"),
            ("   - ‚ùå \"Improved\"", "   - ❌ \"Improved\""),
            // Windows-1252 mojibake
            ("speed â€” why", "speed — why"),
            ("cafÃ©", "café"),
            // clean text is never touched
            ("café au lait", "café au lait"),
            ("source → bronze — done ✅", "source → bronze — done ✅"),
            ("Ω and π", "Ω and π"),
            ("plain ascii", "plain ascii"),
        ];
        for (input, expected) in cases {
            let (got, _) = repair(input);
            assert_eq!(&got, expected, "input {input:?}");
        }
    }

    #[test]
    fn mixed_line_is_left_alone() {
        // one clean non-ASCII char spoils the exact round trip
        let line = "café ‚Üí bar";
        assert_eq!(repair_line(line), None);
    }

    #[test]
    fn decode_table() {
        assert_eq!(decode(b"hello\n").unwrap(), "hello\n");
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
        assert_eq!(decode(b"caf\xe9").unwrap(), "café");
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\x00\x00"), Err(NotText::Binary));
        assert_eq!(
            decode(&[0x01, 0x02, 0x03, 0x04, b'a']),
            Err(NotText::Binary)
        );
    }
}
