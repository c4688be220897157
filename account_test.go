package jixiao

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckUsername(t *testing.T) {
	for _, ok := range []string{"张三", "admin", "ADMIN", "Admin", "api-admin", "管理员", "财政局 李四", "dept.reviewer"} {
		if err := CheckUsername(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "  ", "系统", " 系统 ", "System", "ROOT", "аdmin", "adm1n", "ａｄｍｉｎ", "a-d-m-i-n",
		"adrnin", "Administrator", "超级管理员", "jixiao", "张\x00三", "张\u200b三", "a\u202eb", strings.Repeat("长", 65)} {
		if err := CheckUsername(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q accepted (%v)", bad, err)
		}
	}
	if UsernameKey(" ADMIN ") != UsernameKey("admin") {
		t.Error("usernames differ by case")
	}
}
