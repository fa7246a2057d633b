#[generator(yield = u32)]
fn parse_all(lines: Vec<String>) -> Result<u32, std::num::ParseIntError> {
    let mut total = 0;
    for line in lines {
        match line.trim() {
            "" => continue,
            "end" => return Ok(total),
            text => {
                let n: u32 = text.parse()?;
                yield_!(n);
                total += n;
            }
        }
    }
    Ok(total)
}
