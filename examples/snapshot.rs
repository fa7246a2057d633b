//! A generator saved to a file in one run of the program and resumed in the next (`#[derive(Serialize,
//! Deserialize)]`, gen-runtime's `serde` feature).
//!
//! ```sh
//! cargo run -p gen-runtime --features serde --example snapshot            # asks the first question, saves, exits
//! cargo run -p gen-runtime --features serde --example snapshot -- Ada     # restores, answers, saves the next step
//! cargo run -p gen-runtime --features serde --example snapshot -- --reset # forgets the saved workflow
//! ```
//!
//! The generator is an onboarding conversation: it yields questions and is resumed with the answers. Between two
//! runs it lives only in the file (`$GEN_SNAPSHOT_FILE`, or `gen-onboarding.json` in the temporary directory): the
//! state it is suspended in and the values it holds there, in JSON. Edit the body of `onboarding` between two runs
//! and the restore refuses the old file (its fingerprint is the body's).

use gen_runtime::Snapshot;
use gen_runtime::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Serialize, Deserialize)]
struct Profile {
    name: String,
    language: String,
    years: u32,
}

#[generator(yield = String, resume = String)]
#[derive(Serialize, Deserialize)]
fn onboarding(company: String) -> Profile {
    let name = yield_!(format!("Welcome to {company}! What is your name?"));
    let language = yield_!(format!("Nice to meet you, {name}. Which language do you write most?"));
    // Asked again until the answer is a number: the loop's state is saved like the rest.
    let years = loop {
        if let Ok(years) = yield_!(format!("How many years of {language}?")).trim().parse() {
            break years;
        }
    };
    Profile { name, language, years }
}

/// What the next run answers when no answer is given on the command line.
fn scripted_answer(question: &str) -> String {
    let answer = if question.contains("name") {
        "Ada"
    } else if question.contains("language") {
        "Rust"
    } else {
        "7"
    };
    answer.to_string()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let file = std::env::var_os("GEN_SNAPSHOT_FILE")
        .map_or_else(|| std::env::temp_dir().join("gen-onboarding.json"), PathBuf::from);
    let arg = std::env::args().nth(1);
    if arg.as_deref() == Some("--reset") {
        let _ = std::fs::remove_file(&file);
        println!("forgot {}", file.display());
        return Ok(());
    }

    let (mut conversation, question) = match std::fs::read(&file) {
        // A saved conversation: any `onboarding(…)` lends its type; the file gives the rest.
        Ok(bytes) => {
            let conversation = onboarding(String::new()).restored_from(&mut serde_json::Deserializer::from_slice(&bytes))?;
            // What it yielded last is not part of its state: the question was saved beside it.
            let question: String = serde_json::from_slice(&std::fs::read(file.with_extension("question"))?)?;
            println!("restored from {} ({} bytes)", file.display(), bytes.len());
            (conversation, question)
        }
        // None yet: start one and ask the first question.
        Err(_) => {
            let mut conversation = onboarding("gen".to_string());
            let GeneratorState::Yielded(question) = conversation.resume_unpin(String::new()) else {
                unreachable!("the first step asks a question")
            };
            println!("Q: {question}");
            save(&conversation, &question, &file)?;
            return Ok(());
        }
    };

    let answer = arg.unwrap_or_else(|| scripted_answer(&question));
    println!("Q: {question}\nA: {answer}");
    match conversation.resume_unpin(answer) {
        GeneratorState::Yielded(next) => {
            println!("Q: {next}");
            save(&conversation, &next, &file)?;
        }
        GeneratorState::Complete(profile) => {
            println!("done: {profile:?}");
            std::fs::remove_file(&file)?;
            std::fs::remove_file(file.with_extension("question"))?;
        }
    }
    Ok(())
}

/// Writes the suspended conversation, and the question it is waiting on an answer to, next to it.
fn save(conversation: &impl Snapshot, question: &str, file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut bytes = Vec::new();
    conversation.save(&mut serde_json::Serializer::new(&mut bytes))?;
    std::fs::write(file, &bytes)?;
    std::fs::write(file.with_extension("question"), serde_json::to_vec(question)?)?;
    println!("saved to {} ({} bytes); run again to answer", file.display(), bytes.len());
    Ok(())
}
