//! Admin actions: reload and rollback, as text replies.

use super::state::AppState;

/// `/reload` (and SIGHUP): reload and describe the result, or list the problems.
pub async fn reload(state: &AppState) -> String {
    match state.reload().await {
        Ok(report) => {
            tracing::info!(
                added = report.added.len(),
                removed = report.removed.len(),
                "knowledge base reloaded"
            );
            report.describe("重新加载")
        }
        Err(e) => {
            tracing::warn!(error = %e, "reload rejected; the old knowledge base stays live");
            let problems = e.problems();
            let shown: Vec<String> = problems.iter().take(20).map(|p| format!("• {p}")).collect();
            let more = problems.len().saturating_sub(shown.len());
            let mut text = format!(
                "知识库未更新,旧版本继续使用。发现 {} 个问题:\n{}",
                problems.len(),
                shown.join("\n")
            );
            if more > 0 {
                text.push_str(&format!("\n…还有 {more} 个,运行 report-bot check 查看全部"));
            }
            text
        }
    }
}

/// `/rollback`.
pub async fn rollback(state: &AppState) -> String {
    match state.rollback().await {
        Some(report) => report.describe("回滚"),
        None => "没有可以回滚的上一个版本。".into(),
    }
}

/// `/unanswered [N]`: disliked and narrowly chosen answers, then declined or low-confidence
/// questions, each kind most frequent first, with their nearest section.
pub async fn unanswered(state: &AppState, limit: usize) -> String {
    let Some(dir) = state.config.data_dir.clone() else {
        return "没有启用提问记录(DATA_DIR)。".into();
    };
    let limit = limit.clamp(1, 50);
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
            "暂时读不到提问记录,请稍后再试。".into()
        }
        Err(e) => {
            tracing::error!(error = %e, "question log reader failed");
            "暂时读不到提问记录,请稍后再试。".into()
        }
    }
}
