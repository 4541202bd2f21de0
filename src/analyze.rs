//! The one text analyzer: tokenize, lowercase, fold, drop stopwords, stem (rust-stemmers).
//!
//! The index registers it for every text field and the prompt reader, the lexicons
//! and the principle inference call `terms()`, so a stem made on one side always
//! meets the same stem on the other.

use rust_stemmers::{Algorithm, Stemmer};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};

/// The name the analyzer is registered under in tantivy.
pub const ANALYZER: &str = "storybank";

/// English function words that carry no meaning for matching. Kept short on
/// purpose: "no", "not" and "against" change a story's meaning and stay.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "but", "by", "can", "could", "d", "did", "do", "does", "doing",
    "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "ll", "m", "me", "more",
    "most", "my", "myself", "of", "on", "or", "our", "ours", "re", "s", "she", "should", "so",
    "some", "such", "t", "than", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "us", "ve", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
    "your", "yours", "yourself",
];

/// The first halves of n't contractions (sorted).
const NEGATIONS: &[&str] = &[
    "aren", "couldn", "didn", "doesn", "don", "hadn", "hasn", "haven", "isn", "mustn", "needn",
    "shouldn", "wasn", "weren", "wouldn",
];

/// Builds the analyzer. Cheap; call once per index open or per prompt batch.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopAndStem)
        .build()
}

/// The analyzed terms of `text`, in order (stopwords removed).
pub fn terms(text: &str) -> Vec<String> {
    terms_with(&mut analyzer(), text)
}

/// `terms` with a caller-held analyzer, for loops over many texts.
pub fn terms_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// True for a lowercase word the analyzer drops.
pub fn is_stopword(word: &str) -> bool {
    // no stopword is longer than 8 bytes: most words skip the search
    word.len() <= 8 && STOPWORDS.binary_search(&word).is_ok()
}

/// True for the first half of an n't contraction ("wasn" of "wasn't").
fn is_negation(word: &str) -> bool {
    word.ends_with('n') && NEGATIONS.binary_search(&word).is_ok()
}

/// Stopword removal and English (Porter 2) stemming in one filter.
#[derive(Clone, Copy)]
pub struct StopAndStem;

impl TokenFilter for StopAndStem {
    type Tokenizer<T: Tokenizer> = StopAndStemFilter<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopAndStemFilter<T> {
        StopAndStemFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct StopAndStemFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StopAndStemFilter<T> {
    type TokenStream<'a> = StopAndStemStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopAndStemStream {
            tail: self.inner.token_stream(text),
            stemmer: Stemmer::create(Algorithm::English),
        }
    }
}

pub struct StopAndStemStream<T> {
    tail: T,
    stemmer: Stemmer,
}

impl<T: TokenStream> TokenStream for StopAndStemStream<T> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            if is_stopword(&token.text) {
                continue;
            }
            // "wasn't" tokenizes as "wasn" + "t": read the negation as "not"
            if is_negation(&token.text) {
                token.text = "not".to_string();
                return true;
            }
            let stem = self.stemmer.stem(&token.text);
            if stem != token.text {
                token.text = stem.into_owned();
            }
            return true;
        }
        false
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [STOPWORDS, NEGATIONS] {
            let mut sorted = list.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, list);
        }
    }

    #[test]
    fn analysis_table() {
        let cases: &[(&str, &[&str])] = &[
            // inflections meet on one stem
            ("disagreed", &["disagre"]),
            ("Disagreeing with THE team", &["disagre", "team"]),
            ("savings saved", &["save", "save"]),
            // punctuation and query syntax are plain separators
            ("Describe: a conflict", &["describ", "conflict"]),
            ("real-time", &["real", "time"]),
            ("café", &["cafe"]),
            // negation words stay
            ("not my job", &["not", "job"]),
            ("wasn't your job", &["not", "job"]),
            ("", &[]),
        ];
        for (input, expected) in cases {
            assert_eq!(terms(input), *expected, "input {input:?}");
        }
    }
}
