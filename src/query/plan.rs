//! A query's evaluation plan, as oxigraph ran it, with the rows each step gave and the time it
//! took: where a slow query spends its time, and why (a scan of every mention, a sort of every
//! claim, a join that multiplies rows).

use anyhow::{Context, Result};
use indicatif::HumanCount;
use oxigraph::sparql::QueryExplanation;
use serde::Deserialize;
use std::io::Write;

/// One step of the plan (oxigraph's JSON explanation, field for field).
#[derive(Debug, Deserialize)]
pub struct Step {
    pub name: String,
    #[serde(rename = "number of results")]
    pub rows: Option<u64>,
    /// Time spent producing this step's rows, its inputs' time included.
    #[serde(rename = "duration in seconds")]
    pub seconds: Option<f64>,
    #[serde(default)]
    pub children: Vec<Step>,
}

#[derive(Debug, Deserialize)]
pub struct Plan {
    #[serde(rename = "planning duration in seconds")]
    pub planning_seconds: Option<f64>,
    #[serde(rename = "plan")]
    pub root: Step,
}

impl Plan {
    /// The plan of an evaluated query; its numbers are complete only once every result was read.
    pub fn of(explanation: &QueryExplanation) -> Result<Self> {
        let mut json = Vec::new();
        explanation
            .write_in_json(&mut json)
            .context("cannot write the query plan")?;
        serde_json::from_slice(&json).context("oxigraph's query plan has an unexpected form")
    }

    /// Writes the plan as an indented tree, a step per line: its rows, its total time, and the
    /// time spent in the step itself (its total less its inputs'), which points at the step
    /// that costs.
    pub fn write(&self, out: &mut impl Write) -> std::io::Result<()> {
        if let Some(seconds) = self.planning_seconds {
            writeln!(out, "query plan (planned in {})", duration(seconds))?;
        }
        writeln!(out, "{:>12} {:>10} {:>10}  step", "rows", "total", "itself")?;
        self.root.write(out, 0)
    }
}

impl Step {
    /// Time in this step alone: its total less its children's totals.
    pub fn own_seconds(&self) -> Option<f64> {
        let inputs: f64 = self.children.iter().filter_map(|c| c.seconds).sum();
        self.seconds.map(|total| (total - inputs).max(0.0))
    }

    fn write(&self, out: &mut impl Write, depth: usize) -> std::io::Result<()> {
        let rows = self
            .rows
            .map_or_else(String::new, |r| HumanCount(r).to_string());
        let total = self.seconds.map_or_else(String::new, duration);
        let own = self.own_seconds().map_or_else(String::new, duration);
        let indent = "  ".repeat(depth);
        writeln!(
            out,
            "{rows:>12} {total:>10} {own:>10}  {indent}{}",
            self.name
        )?;
        for child in &self.children {
            child.write(out, depth + 1)?;
        }
        Ok(())
    }
}

fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.1} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_own_time_is_its_total_less_its_inputs() {
        let plan: Plan = serde_json::from_str(
            r#"{"planning duration in seconds": 0.0005, "plan": {"name": "Sort", "number of results": 1234567, "duration in seconds": 2.5, "children": [
                {"name": "QuadPattern", "number of results": 1234567, "duration in seconds": 0.5, "children": []}]}}"#,
        )
        .unwrap();
        assert_eq!(plan.root.own_seconds(), Some(2.0));
        let mut text = Vec::new();
        plan.write(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(
            text.starts_with("query plan (planned in 0.5 ms)\n"),
            "{text}"
        );
        assert!(
            text.contains("   1,234,567     2.50 s     2.00 s  Sort\n"),
            "{text}"
        );
        assert!(
            text.contains("   1,234,567   500.0 ms   500.0 ms    QuadPattern\n"),
            "{text}"
        );
    }
}
