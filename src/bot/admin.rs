//! Admin actions: reload and rollback, as text replies.

use super::state::AppState;
use super::texts;

/// How many problems a rejected `/reload` lists (a chat message stays readable; `report-bot
/// check` lists them all).
pub const SHOWN_PROBLEMS: usize = 20;

/// The most questions `/unanswered` lists (one message, well within Telegram's limit).
pub const UNANSWERED_MAX: usize = 50;

/// `/reload` (and SIGHUP): reload and describe the result, or list the problems.
pub async fn reload(state: &AppState) -> String {
    match state.reload().await {
        Ok(report) => {
            tracing::info!(
                added = report.added.len(),
                removed = report.removed.len(),
                "knowledge base reloaded"
            );
            report.describe(texts::RELOADED)
        }
        Err(e) => {
            tracing::warn!(error = %e, "reload rejected; the old knowledge base stays live");
            let problems = e.problems();
            let shown: Vec<String> = problems
                .iter()
                .take(SHOWN_PROBLEMS)
                .map(|p| format!("• {p}"))
                .collect();
            texts::reload_rejected(problems.len(), &shown)
        }
    }
}

/// `/rollback`.
pub async fn rollback(state: &AppState) -> String {
    match state.rollback().await {
        Some(report) => report.describe(texts::ROLLED_BACK),
        None => texts::NOTHING_TO_ROLL_BACK.into(),
    }
}

/// `/unanswered [N]`: disliked and narrowly chosen answers, then declined or low-confidence
/// questions, each kind most frequent first, with their nearest section.
pub async fn unanswered(state: &AppState, limit: usize) -> String {
    let Some(dir) = state.config.data_dir.clone() else {
        return texts::NO_QUESTION_LOG.into();
    };
    let limit = limit.clamp(1, UNANSWERED_MAX);
    let live = state.live();
    let rows = tokio::task::spawn_blocking(move || {
        let engine = &live.snapshot.engine;
        let log = crate::questionlog::QuestionLog::open_read_only(&dir)?;
        crate::curator::gather(&log, engine, limit, engine.tuning().low_confidence)
    })
    .await;
    match rows {
        Ok(Ok(rows)) => crate::curator::unanswered_report(&state.live().snapshot.engine, &rows),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "cannot read the question log");
            texts::QUESTION_LOG_UNREADABLE.into()
        }
        Err(e) => {
            tracing::error!(error = %e, "question log reader failed");
            texts::QUESTION_LOG_UNREADABLE.into()
        }
    }
}
