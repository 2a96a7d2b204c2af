//! Random passwords (AWS GetRandomPassword) from the OS random generator.

use anyhow::Result;
use zeroize::Zeroizing;

use crate::cli::PasswordArgs;
use crate::error::usage;

const LOWER: &str = "abcdefghijklmnopqrstuvwxyz";
const UPPER: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
/// AWS's punctuation set.
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// A password as the flags ask, uniformly drawn from the allowed characters.
pub fn generate(args: &PasswordArgs) -> Result<Zeroizing<String>> {
    let excluded = args.exclude_characters.as_deref().unwrap_or("");
    let classes: Vec<Vec<u8>> = [
        (LOWER, args.exclude_lowercase),
        (UPPER, args.exclude_uppercase),
        (DIGITS, args.exclude_numbers),
        (PUNCTUATION, args.exclude_punctuation),
        (" ", !args.include_space),
    ]
    .into_iter()
    .filter(|(_, skip)| !skip)
    .map(|(chars, _)| {
        chars
            .bytes()
            .filter(|b| !excluded.contains(*b as char))
            .collect::<Vec<u8>>()
    })
    .filter(|chars| !chars.is_empty())
    .collect();
    let alphabet: Vec<u8> = classes.concat();
    if alphabet.is_empty() {
        return Err(usage("the exclusions leave no characters to make a password from").into());
    }
    let length = usize::from(args.length);
    let require_each = !args.no_require_each_included_type;
    if require_each && length < classes.len() {
        return Err(usage(format!(
            "--length {length} is shorter than the {} character types that must each be included",
            classes.len()
        ))
        .hint("use a longer --length, exclude some types, or pass --no-require-each-included-type")
        .into());
    }
    // Redraw until every type is present: rejection keeps the draw uniform
    // over all passwords that qualify.
    loop {
        let password = Zeroizing::new(random_from(&alphabet, length));
        if !require_each
            || classes
                .iter()
                .all(|class| password.bytes().any(|b| class.contains(&b)))
        {
            return Ok(password);
        }
    }
}

/// `length` characters drawn uniformly from `alphabet` (ASCII).
pub fn random_from(alphabet: &[u8], length: usize) -> String {
    assert!(!alphabet.is_empty() && alphabet.len() <= 256);
    // Reject bytes at or above the largest multiple of the alphabet size, so
    // that every character is equally likely.
    let limit = 256 - 256 % alphabet.len();
    let mut out = String::with_capacity(length);
    let mut buf = Zeroizing::new([0u8; 256]);
    while out.len() < length {
        getrandom::fill(buf.as_mut_slice()).expect("the OS random generator is available");
        for &b in buf.iter() {
            if (b as usize) < limit && out.len() < length {
                out.push(alphabet[b as usize % alphabet.len()] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(flags: &[&str]) -> PasswordArgs {
        #[derive(Parser)]
        struct P {
            #[command(flatten)]
            p: PasswordArgs,
        }
        P::parse_from(std::iter::once("p").chain(flags.iter().copied())).p
    }

    #[test]
    fn default_is_32_characters_of_every_type() {
        for _ in 0..50 {
            let pw = generate(&args(&[])).unwrap();
            assert_eq!(pw.len(), 32);
            assert!(pw.bytes().any(|b| b.is_ascii_lowercase()));
            assert!(pw.bytes().any(|b| b.is_ascii_uppercase()));
            assert!(pw.bytes().any(|b| b.is_ascii_digit()));
            assert!(pw.bytes().any(|b| PUNCTUATION.as_bytes().contains(&b)));
            assert!(!pw.contains(' '));
        }
    }

    #[test]
    fn exclusions_are_honoured() {
        let pw = generate(&args(&[
            "--exclude-punctuation",
            "--exclude-uppercase",
            "--exclude-characters",
            "abc0",
            "--length",
            "200",
        ]))
        .unwrap();
        assert!(pw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert!(!pw.contains(['a', 'b', 'c', '0']));
        let spaced = generate(&args(&["--include-space", "--length", "4096"])).unwrap();
        assert!(spaced.contains(' '));
    }

    #[test]
    fn too_short_for_every_type_is_a_usage_error() {
        assert!(generate(&args(&["--length", "3"])).is_err());
        assert_eq!(
            generate(&args(&["--length", "3", "--no-require-each-included-type"]))
                .unwrap()
                .len(),
            3
        );
        assert_eq!(generate(&args(&["--length", "4"])).unwrap().len(), 4);
        let all_excluded = [
            "--exclude-numbers",
            "--exclude-punctuation",
            "--exclude-uppercase",
            "--exclude-lowercase",
        ];
        assert!(generate(&args(&all_excluded)).is_err());
    }

    #[test]
    fn draws_cover_the_alphabet() {
        let s = random_from(b"abc", 3000);
        for c in ['a', 'b', 'c'] {
            let n = s.chars().filter(|x| *x == c).count();
            assert!((800..1200).contains(&n), "{c}: {n}");
        }
    }
}
