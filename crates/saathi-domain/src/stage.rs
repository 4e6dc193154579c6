//! The member's journey: detox → rehabilitation → relapse_prevention → aftercare.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Detox,
    Rehabilitation,
    RelapsePrevention,
    Aftercare,
}

/// Why a stage change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageChangeError {
    /// Aftercare is reached only by discharge, which also records the discharge date.
    AftercareNeedsDischarge,
    /// Nothing to change.
    Unchanged,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Detox, Stage::Rehabilitation, Stage::RelapsePrevention, Stage::Aftercare];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Detox => "detox",
            Stage::Rehabilitation => "rehabilitation",
            Stage::RelapsePrevention => "relapse_prevention",
            Stage::Aftercare => "aftercare",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A stage change through the ordinary edit. Moving back (say, to detox
    /// after a relapse, or re-admission of an alumnus) is allowed; aftercare
    /// only through discharge.
    pub fn change_to(self, to: Stage) -> Result<Stage, StageChangeError> {
        if to == self {
            return Err(StageChangeError::Unchanged);
        }
        if to == Stage::Aftercare {
            return Err(StageChangeError::AftercareNeedsDischarge);
        }
        Ok(to)
    }

    /// Discharge: any stage before aftercare moves to aftercare.
    pub fn discharge(self) -> Result<Stage, StageChangeError> {
        if self == Stage::Aftercare { Err(StageChangeError::Unchanged) } else { Ok(Stage::Aftercare) }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aftercare_only_by_discharge() {
        assert_eq!(Stage::Detox.change_to(Stage::Aftercare), Err(StageChangeError::AftercareNeedsDischarge));
        assert_eq!(Stage::Detox.discharge(), Ok(Stage::Aftercare));
        assert_eq!(Stage::Aftercare.discharge(), Err(StageChangeError::Unchanged));
        assert_eq!(Stage::Aftercare.change_to(Stage::Detox), Ok(Stage::Detox));
        assert_eq!(Stage::Rehabilitation.change_to(Stage::Rehabilitation), Err(StageChangeError::Unchanged));
    }

    #[test]
    fn names_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("cured"), None);
    }
}
