//! Writing to stdout without panicking when the reader goes away (`| head`).

use std::io::Write;

/// Prints `text` (a newline is added); a closed pipe ends the process quietly.
pub fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.write_all(b"\n"))
        .and_then(|_| stdout.flush());
    if let Err(e) = result {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

/// Prints a value as pretty JSON.
pub fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    print(&serde_json::to_string_pretty(value)?);
    Ok(())
}

/// A message for the person at the terminal, on stderr.
pub fn note(text: &str) {
    eprintln!("{text}");
}
