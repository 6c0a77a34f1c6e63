//! Space runtime values and variables (hub-endpoints §3.10, §4.8).
//!
//! [`SpaceStage`], [`SpaceHardware`] and [`SpaceStorage`] are open enums: values
//! unknown to this version are kept in `Other` instead of failing, and every
//! value serialises to the string the Hub sent (as Python's `str` enums do).

use serde::{Deserialize, Serialize};

use super::{datetime, Timestamp};

macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name::from(s.as_str())
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(d).map($name::from)
            }
        }
    };
}

pub(crate) use open_enum;

open_enum! {
    /// Stage of a Space (`runtime.stage`).
    SpaceStage {
        /// No `app.py` (or equivalent) yet.
        NoAppFile => "NO_APP_FILE",
        /// Invalid configuration (README metadata).
        ConfigError => "CONFIG_ERROR",
        /// Being built.
        Building => "BUILDING",
        /// The build failed.
        BuildError => "BUILD_ERROR",
        /// Starting (newer servers).
        AppStarting => "APP_STARTING",
        /// Running while a new version starts (newer servers).
        RunningAppStarting => "RUNNING_APP_STARTING",
        /// Running.
        Running => "RUNNING",
        /// Running while a new version builds.
        RunningBuilding => "RUNNING_BUILDING",
        /// Crashed at runtime.
        RuntimeError => "RUNTIME_ERROR",
        /// Being deleted.
        Deleting => "DELETING",
        /// Stopped.
        Stopped => "STOPPED",
        /// Paused by its owner.
        Paused => "PAUSED",
        /// Asleep after its sleep time without traffic (newer servers).
        Sleeping => "SLEEPING",
    }
}

open_enum! {
    /// A Space hardware flavor (`runtime.hardware`, `request_space_hardware`).
    SpaceHardware {
        /// Free CPU.
        CpuBasic => "cpu-basic",
        /// Upgraded CPU.
        CpuUpgrade => "cpu-upgrade",
        /// Larger CPU (newer servers).
        CpuXl => "cpu-xl",
        /// Nvidia T4, small.
        T4Small => "t4-small",
        /// Nvidia T4, medium.
        T4Medium => "t4-medium",
        /// ZeroGPU (shared A10G / H200).
        ZeroA10g => "zero-a10g",
        /// Nvidia L4.
        L4x1 => "l4x1",
        /// 4× Nvidia L4.
        L4x4 => "l4x4",
        /// Nvidia A10G, small.
        A10gSmall => "a10g-small",
        /// Nvidia A10G, large.
        A10gLarge => "a10g-large",
        /// 2× Nvidia A10G, large.
        A10gLargex2 => "a10g-largex2",
        /// 4× Nvidia A10G, large.
        A10gLargex4 => "a10g-largex4",
        /// Nvidia A100, large.
        A100Large => "a100-large",
    }
}

open_enum! {
    /// A persistent storage tier (`runtime.storage`, `request_space_storage`).
    SpaceStorage {
        /// 20 GB.
        Small => "small",
        /// 150 GB.
        Medium => "medium",
        /// 1 TB.
        Large => "large",
    }
}

/// A Space variable (`get_space_variables`, `add_space_variable`, ...): Python's
/// `SpaceVariable`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceVariable {
    /// Variable name (the key of the Hub's map).
    #[serde(default)]
    pub key: String,
    /// Value.
    pub value: String,
    /// Description, if one was given.
    #[serde(default)]
    pub description: Option<String>,
    /// Last change.
    #[serde(default, alias = "updatedAt", with = "datetime")]
    pub updated_at: Option<Timestamp>,
}

/// Variables by key, as returned by `get_space_variables` and friends.
pub type SpaceVariables = std::collections::BTreeMap<String, SpaceVariable>;

/// The Hub's `{KEY: {value, description?, updatedAt?}}` map → variables by key.
pub(crate) fn variables_from_map(
    map: serde_json::Map<String, serde_json::Value>,
) -> Result<SpaceVariables, serde_json::Error> {
    let mut out = SpaceVariables::new();
    for (key, v) in map {
        let mut var: SpaceVariable = serde_json::from_value(v)?;
        var.key = key.clone();
        out.insert(key, var);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_enums_keep_unknown_values() {
        let s: SpaceStage = serde_json::from_str("\"RUNNING\"").unwrap();
        assert_eq!(s, SpaceStage::Running);
        let s: SpaceStage = serde_json::from_str("\"HIBERNATING\"").unwrap();
        assert_eq!(s, SpaceStage::Other("HIBERNATING".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"HIBERNATING\"");
        let h = SpaceHardware::from("h200x8");
        assert_eq!(h.as_str(), "h200x8");
        assert_eq!(SpaceHardware::from("t4-medium"), SpaceHardware::T4Medium);
        assert_eq!(SpaceStorage::Large.to_string(), "large");
        assert_eq!(Some(SpaceStorage::Small).as_deref(), Some("small"));
    }

    #[test]
    fn variables_map() {
        let raw = serde_json::json!({
            "foo": {"value": "456", "description": "updated description", "updatedAt": "2023-12-21T15:48:14.457Z"},
            "MODEL_REPO_ID": {"value": "user/repo", "updatedAt": "2023-12-21T15:48:13.741Z"}});
        let vars = variables_from_map(raw.as_object().unwrap().clone()).unwrap();
        assert_eq!(vars["foo"].key, "foo");
        assert_eq!(
            vars["foo"].description.as_deref(),
            Some("updated description")
        );
        assert_eq!(vars["MODEL_REPO_ID"].value, "user/repo");
        assert!(vars["MODEL_REPO_ID"].updated_at.is_some());
    }
}
