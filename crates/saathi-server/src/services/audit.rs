//! The audit log, for admins.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use saathi_domain::policy::{Action, Actor, Target, decide};
use saathi_store::{AuditFilter, AuditRecord};

pub async fn list(state: &AppState, actor: &Actor, f: &AuditFilter) -> ApiResult<Vec<AuditRecord>> {
    ApiError::check(decide(actor, Action::ReadAudit, Target::center(&actor.center_id)))?;
    Ok(state.store.list_audit(&actor.center_id, f).await?)
}
