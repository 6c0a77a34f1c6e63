//! Typed results. Every model accepts the Hub's wire keys (camelCase and the
//! odd snake_case or hyphenated key), ignores nothing silently that Python keeps
//! (unknown keys land in `extra`), and serialises with Python's attribute names
//! so JSON results line up with Python's dataclasses.

mod collections;
pub(crate) mod commit;
mod discussions;
mod endpoints;
mod git;
mod info;
mod misc;
mod repo;
pub(crate) mod spaces;
mod tree;
mod user;

pub use collections::{Collection, CollectionItem, CollectionOwner, CollectionOwnerInfo};
pub use commit::{
    validate_path_in_repo, AddSource, CommitInfo, CommitOperation, CommitOperationAdd,
    CommitOperationCopy, CommitOperationDelete,
};
pub use discussions::{
    CommentRevision, ConflictingFiles, Discussion, DiscussionComment, DiscussionCommit,
    DiscussionEvent, DiscussionEventInfo, DiscussionStatus, DiscussionStatusChange,
    DiscussionTitleChange, DiscussionWithDetails,
};
pub use endpoints::{InferenceEndpoint, InferenceEndpointStatus, InferenceEndpointType};
pub use git::{GitCommitInfo, GitRefInfo, GitRefs};
pub use info::{
    BlobLfsInfo, DatasetInfo, Gated, ModelInfo, RepoInfo, RepoSibling, SafeTensorsInfo, SpaceInfo,
    SpaceRuntime, TransformersInfo,
};
pub use misc::{HfFileMetadata, MetricInfo, TagInfo, TagsByType};
pub use repo::{AccessRequest, RepoUrl};
pub use spaces::{SpaceHardware, SpaceStage, SpaceStorage, SpaceVariable, SpaceVariables};
pub use tree::{BlobSecurityInfo, LastCommitInfo, LfsInfo, RepoFile, RepoFolder, RepoTreeEntry};
pub use user::{AccessTokenInfo, AuthInfo, OrgMembership, User, UserLikes, WhoAmI};

/// Timestamps: `time::OffsetDateTime`, accepting any RFC 3339 form (with or
/// without fractional seconds, any offset) and written back as RFC 3339.
pub type Timestamp = time::OffsetDateTime;

pub(crate) mod datetime {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::format_description::well_known::Rfc3339;
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(v: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&t.format(&Rfc3339).map_err(serde::ser::Error::custom)?),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        match raw {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => OffsetDateTime::parse(&s, &Rfc3339)
                .map(Some)
                .map_err(|e| serde::de::Error::custom(format!("invalid timestamp {s:?}: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_any_rfc3339() {
        #[derive(serde::Deserialize, serde::Serialize)]
        struct T {
            #[serde(default, with = "datetime")]
            t: Option<Timestamp>,
        }
        for (s, unix) in [
            ("2024-03-01T10:00:00.000Z", 1_709_287_200),
            ("2024-03-01T10:00:00Z", 1_709_287_200),
            ("2024-03-01T11:00:00+01:00", 1_709_287_200),
            ("2023-10-26T12:41:53.263078506Z", 1_698_324_113),
        ] {
            let t: T = serde_json::from_str(&format!("{{\"t\": \"{s}\"}}")).unwrap();
            assert_eq!(t.t.unwrap().unix_timestamp(), unix, "{s}");
        }
        let t: T = serde_json::from_str("{}").unwrap();
        assert!(t.t.is_none());
        assert!(serde_json::from_str::<T>("{\"t\": \"yesterday\"}").is_err());
    }
}
