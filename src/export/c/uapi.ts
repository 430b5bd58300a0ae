// The uapi of /dev/liveupdate as C text, written from kernel-luo-notes.md §2 (numbers and
// field layouts only): used by an exported test when <linux/liveupdate.h> is missing or older.

/** Minimum accepted `size` of each ioctl argument (notes §2.2) and the full struct size. */
export const UAPI_SIZES = {
  create_session: 72,
  retrieve_session: 72,
  preserve_fd: 16,
  retrieve_fd: 16,
  finish: 8,
  get_name: 72,
} as const;

/** The argument buffer of an exported test: a `size` above this is refused. */
export const ARG_MAX = 4096;

/**
 * Includes the system header when it exists; defines what it lacks under guards keyed on the
 * ioctl macros, so the definitions never clash with a real header (old or new).
 */
export const UAPI_TEXT = `#if defined(__has_include)
#if __has_include(<linux/liveupdate.h>)
#include <linux/liveupdate.h>
#endif
#endif

#ifndef LIVEUPDATE_IOCTL_CREATE_SESSION
/* No <linux/liveupdate.h>: the uapi (include/uapi/linux/liveupdate.h, 6.19+) written from its documented layout. */
#define LIVEUPDATE_IOCTL_TYPE 0xBA
#ifndef LIVEUPDATE_SESSION_NAME_LENGTH
#define LIVEUPDATE_SESSION_NAME_LENGTH 64
#endif

struct liveupdate_ioctl_create_session {
	__u32 size;
	__s32 fd;
	__u8 name[64];
};

struct liveupdate_ioctl_retrieve_session {
	__u32 size;
	__s32 fd;
	__u8 name[64];
};

struct liveupdate_session_preserve_fd {
	__u32 size;
	__s32 fd;
	__aligned_u64 token;
};

struct liveupdate_session_retrieve_fd {
	__u32 size;
	__s32 fd;
	__aligned_u64 token;
};

struct liveupdate_session_finish {
	__u32 size;
	__u32 reserved;
};

#define LIVEUPDATE_IOCTL_CREATE_SESSION _IO(0xBA, 0x00)
#define LIVEUPDATE_IOCTL_RETRIEVE_SESSION _IO(0xBA, 0x01)
#define LIVEUPDATE_SESSION_PRESERVE_FD _IO(0xBA, 0x40)
#define LIVEUPDATE_SESSION_RETRIEVE_FD _IO(0xBA, 0x41)
#define LIVEUPDATE_SESSION_FINISH _IO(0xBA, 0x42)
#endif

#ifndef LIVEUPDATE_SESSION_GET_NAME
/* GET_NAME came with 7.2; on older kernels nr 0x43 is out of range and the ioctl gives EINVAL. */
struct liveupdate_session_get_name {
	__u32 size;
	__u32 reserved;
	__u8 name[64];
};

#define LIVEUPDATE_SESSION_GET_NAME _IO(0xBA, 0x43)
#endif

/* A newer header may grow a struct (its size field says how much); the minimum layout must hold. */
_Static_assert(sizeof(struct liveupdate_ioctl_create_session) >= ${UAPI_SIZES.create_session}, "create_session layout");
_Static_assert(sizeof(struct liveupdate_ioctl_retrieve_session) >= ${UAPI_SIZES.retrieve_session}, "retrieve_session layout");
_Static_assert(sizeof(struct liveupdate_session_preserve_fd) >= ${UAPI_SIZES.preserve_fd}, "preserve_fd layout");
_Static_assert(sizeof(struct liveupdate_session_retrieve_fd) >= ${UAPI_SIZES.retrieve_fd}, "retrieve_fd layout");
_Static_assert(sizeof(struct liveupdate_session_finish) >= ${UAPI_SIZES.finish}, "finish layout");
_Static_assert(sizeof(struct liveupdate_session_get_name) >= ${UAPI_SIZES.get_name}, "get_name layout");
`;
